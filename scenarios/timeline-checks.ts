import { checkDeviceRef, checkDuration, checkFault, isEntry } from './reference-checks.js';
import type { DeviceKind, Entry, Report } from './reference-checks.js';

/**
 * The timeline's rules between keys: devices that exist (the one of `after`, of a fault, of a
 * factory reset, the camera of a detection), which fault takes a device and `ms`, `for` only with a fault. One trigger
 * and one action per entry are the schema's.
 */
export function timelineProblems(scenario: Entry, kinds: ReadonlyMap<string, DeviceKind>, report: Report): void {
  if (!Array.isArray(scenario.timeline)) return;
  (scenario.timeline as unknown[]).forEach((entry, index) => {
    if (!isEntry(entry)) return;
    const at = (...rest: (string | number)[]) => ['timeline', index, ...rest];
    checkDuration(report, at('at'), entry.at, false);
    if (isEntry(entry.after)) checkDeviceRef(kinds, report, at('after', 'device'), entry.after.device);
    if (entry.fault !== undefined) checkFault(kinds, report, at('fault'), entry.fault, true);
    if (entry.clear !== undefined) checkFault(kinds, report, at('clear'), entry.clear, false);
    if (isEntry(entry.factoryReset)) checkDeviceRef(kinds, report, at('factoryReset', 'device'), entry.factoryReset.device);
    if (isEntry(entry.detect)) checkDeviceRef(kinds, report, at('detect', 'device'), entry.detect.device, { kind: 'camera', user: 'detect' });
    if (entry.for !== undefined) {
      if (entry.fault === undefined && (entry.clear !== undefined || entry.factoryReset !== undefined || entry.detect !== undefined)) {
        report(at('for'), '"for" applies only to a "fault" entry (it clears that fault again); remove this key', 'key');
      } else {
        checkDuration(report, at('for'), entry.for, true);
      }
    }
  });
}
