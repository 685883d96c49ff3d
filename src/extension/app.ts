/**
 * Firefox's second background script: the app host (./app-host.ts) on the background page, beside
 * background.js, whose pool and link end it takes (./app-rendezvous.ts), their errors rebuilt as
 * this bundle's classes.
 * @module
 */
import { takeAppHost, withOwnErrors } from './app-rendezvous.ts';
import { startAppHost } from './app-start.ts';

void takeAppHost().then((offer) => startAppHost(withOwnErrors(offer)));
