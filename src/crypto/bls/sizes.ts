/**
 * The byte sizes of BLS12-381 encodings, apart from the operations: code that only checks or
 * frames encodings (the committee wire format in the service worker) imports these without
 * pulling the curve code and its kernel into its bundle.
 * @module
 */
export const PUBLIC_KEY_LENGTH = 48;
export const SIGNATURE_LENGTH = 96;
export const SECRET_KEY_LENGTH = 32;
/** Bytes of a G1 point in the uncompressed form persisted decoded keys use (x ‖ y). */
export const UNCOMPRESSED_G1_LENGTH = 96;
