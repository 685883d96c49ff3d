/**
 * Every node under `root`, in source order, without recursion: a generated module's base64 is one
 * string concatenation 1,665 `+` deep (src/crypto/wasm/bls12381.generated.ts), and a recursive walk
 * of it ran out of stack where the test's worker already held a deep one (a clean clone, 2026-11-29).
 * `visit` returns false to skip a node's children.
 */
import ts from 'typescript';

export function walk(root: ts.Node, visit: (node: ts.Node) => boolean | void): void {
  const stack: ts.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (visit(node) === false) continue;
    const children: ts.Node[] = [];
    ts.forEachChild(node, (child) => void children.push(child));
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
}
