/**
 * /whisk.system/utils/echo: answers its parameters unchanged. An identity step for sequences and rules.
 */
function main(params) {
  return params || {};
}
