/**
 * /whisk.system/utils/sort: `lines` in JavaScript's default order (as text, so 10 sorts before 9), plus `length`.
 */
function main(params) {
  const lines = Array.isArray(params.lines) ? params.lines.slice() : [];
  lines.sort();
  console.log('sort: ' + lines.length + ' lines');
  return { lines, length: lines.length };
}
