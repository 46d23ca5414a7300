/**
 * /whisk.system/utils/namespace: the namespace of the key that invoked this action (the activation's
 * namespace, which the platform passes to every run as __OW_NAMESPACE), not whisk.system.
 */
function main() {
  return { namespace: process.env.__OW_NAMESPACE };
}
