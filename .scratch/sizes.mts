import { bundleForDeploy } from '../infra/function-bundles';
import { readBudgets } from '../bench/bundles';
const { functions } = await bundleForDeploy();
const b = readBudgets();
for (const { entry, code } of functions) if (code.byteLength > (b[entry]?.ceilingBytes ?? 0)) console.log(entry, code.byteLength, b[entry]?.ceilingBytes, b[entry]?.targetBytes);
