import type { FlashRecord } from '../../devices/kernel/flash-store.js';
import { detectionTypes, isDetectionType } from '../../devices/camera/camera-detection.js';

/**
 * Checks that a value read back from a state file has the shape of a FlashRecord. Problems
 * name the field and what is wrong with it, never its value: records hold password MD5 forms
 * and security-answer digests. Unknown extra fields are kept (a newer field is not damage).
 */
export function flashRecordProblems(value: unknown): string[] {
  const problems: string[] = [];
  if (!isObject(value)) return ['record: must be an object'];
  if (value.kind !== 'camera' && value.kind !== 'nvr') return ['record.kind: must be "camera" or "nvr"'];
  flashProblems(value.flash, 'record.flash', problems);
  if (value.kind === 'nvr') {
    if (!Array.isArray(value.channels)) problems.push('record.channels: must be an array');
    else value.channels.forEach((channel, i) => channelProblems(channel, `record.channels[${i}]`, problems));
  }
  return problems;
}

export function isFlashRecord(value: unknown): value is FlashRecord {
  return flashRecordProblems(value).length === 0;
}

function flashProblems(flash: unknown, at: string, problems: string[]): void {
  if (!isObject(flash)) {
    problems.push(`${at}: must be an object`);
    return;
  }
  if (flash.status === 'factory-fresh') return;
  if (flash.status !== 'activated') {
    problems.push(`${at}.status: must be "factory-fresh" or "activated"`);
    return;
  }
  if (typeof flash.adminMd5 !== 'string' || !/^[0-9A-F]{32}$/.test(flash.adminMd5)) problems.push(`${at}.adminMd5: must be 32 upper-case hex digits`);
  if (flash.resetEmail !== undefined && typeof flash.resetEmail !== 'string') problems.push(`${at}.resetEmail: must be a string`);
  if (flash.openapi !== undefined && typeof flash.openapi !== 'boolean') problems.push(`${at}.openapi: must be true or false`);
  if (flash.messagePushOff !== undefined && (!Array.isArray(flash.messagePushOff) || !flash.messagePushOff.every(isDetectionType))) {
    problems.push(`${at}.messagePushOff: must be a list of detection types (${detectionTypes.join(', ')})`);
  }
  if (flash.questions !== undefined) {
    if (!Array.isArray(flash.questions)) problems.push(`${at}.questions: must be an array`);
    else {
      flash.questions.forEach((question, i) => {
        if (!isObject(question) || typeof question.question !== 'string' || typeof question.answerDigest !== 'string') {
          problems.push(`${at}.questions[${i}]: must have a string "question" and "answerDigest"`);
        }
      });
    }
  }
}

const channelStrings = ['id', 'ip', 'uuid', 'mac', 'model', 'name', 'username', 'md5'] as const;

function channelProblems(channel: unknown, at: string, problems: string[]): void {
  if (!isObject(channel)) {
    problems.push(`${at}: must be an object`);
    return;
  }
  for (const key of channelStrings) if (typeof channel[key] !== 'string') problems.push(`${at}.${key}: must be a string`);
  const port = channel.port;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535) problems.push(`${at}.port: must be a port number`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
