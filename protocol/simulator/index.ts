/**
 * The package's public surface (`import { startSimulator } from 'vigi-sim'`): the simulator for
 * test code, the reference client of the device web API, and the types users write scenarios
 * and assertions with. Re-exports only; root index.ts and index.js publish exactly these names.
 */
export { startSimulator } from './start-simulator.js';
export type { Simulator, SimulatorDevice, SimulatorClock, SimulatorCloud, AppliedFault, FaultOptions, Checkpoint } from './start-simulator.js';
export { SimulatorOptionsError } from './simulator-options.js';
export type { SimulatorOptions } from './simulator-options.js';
export type { SimulatorMail, WaitForMailOptions } from './simulator-mail.js';
export type { SimulatorEvents, EventFilter, WaitForEventOptions } from './simulator-events.js';
export type { JournalEntry } from '../events/event-journal.js';
export type { DeviceRequest, RequestFilter } from '../events/request-log.js';
export type { ScenarioDefinition, DeviceDefinition, CameraDefinition, NvrDefinition, TimelineEntryDefinition, DurationText } from './scenario-definition.js';
export type { Scenario, ScenarioDevice, ScenarioCamera, ScenarioNvr, ScenarioChannel, ScenarioProblem, SecurityQuestionSpec } from '../../scenarios/scenario-types.js';
export type { DeviceFaultType, GlobalFaultType, FaultType } from '../../devices/faults/fault-spec.js';
export type { MailMessage } from '../mail/mailbox.js';
export type { MailFilter } from '../mail/mail-filter.js';
export { VigiWebClient, passwordEnvelope, md5Envelope } from '../client/vigi-web-client.js';
export type { Transport, Reply, Challenge, VigiWebClientOptions } from '../client/vigi-web-client.js';
export { httpTransport } from '../client/http-transport.js';
export { CameraOpenApiClient, NvrOpenApiClient } from '../client/openapi-client.js';
export type { OpenApiResponse } from '../client/openapi-client.js';
export type { CameraEventStream } from '../client/openapi-event-stream.js';
export type { DetectionType } from '../../devices/camera/camera-detection.js';
export { CameraResetClient } from '../client/camera-reset-client.js';
export { NvrChannelsClient, addedDevRows } from '../client/nvr-channels-client.js';
export type { CameraToAdd } from '../client/nvr-channels-client.js';
export { RelayedResetClient } from '../client/relayed-reset-client.js';
export type { PasswordResetSteps } from '../client/password-reset-steps.js';
export type {
  ModuleReply, RefusalData, Empty, LoginParams, LoginReply, SetInitialPasswordParams, ChangeUserInfoParams, BasicInfo,
  ResetMethod, ResetMethods, CodeSent, VerifyCodeParams, ResetGrant, SecurityQuestions, SecurityAnswerParams, SecurityAnswers, SupportQrCode, PasswordResetParams,
  AddedDevRow, AddedDevTable, FoundDev, FoundDevList, AddDevParams, AddDevResult, AddDevResults, ModDevPasswdParams, FoundCamera,
} from '../client/wire-types.js';
