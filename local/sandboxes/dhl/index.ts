export {
  type DhlFaults,
  type DhlSandbox,
  type DhlSandboxOptions,
  type DhlSandboxReceiver,
  type LabelType,
  SANDBOX_CREDENTIALS,
  type SandboxOrder,
  startDhlSandbox,
} from './sandbox';
