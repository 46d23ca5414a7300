/**
 * /whisk.system/utils/smash: nests every parameter under the one named by `$fieldName`:
 * { a: 1, b: { c: 2 }, $fieldName: 'p' } → { p: { a: 1, b: { c: 2 } } }.
 */
function main(params) {
  const field = params.$fieldName;
  if (typeof field !== 'string') {
    return { error: "Expected an argument '$fieldName' of type 'string'." };
  }
  const nested = {};
  for (const key of Object.keys(params)) {
    if (key !== '$fieldName') nested[key] = params[key];
  }
  return { [field]: nested };
}
