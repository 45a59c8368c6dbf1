import { md5Form } from '../credentials/md5-form.js';

/**
 * The OpenAPI digest (HA1 = SHA256("admin:realm:password")) needs the plain password, and a
 * device keeps only its MD5 form (the web API never carries anything else). The emulator
 * therefore keeps a book of the plain passwords it was told (the scenario's device and channel
 * passwords, and any told through `POST /__sim/openapi/passwords`) and finds the one whose MD5 form the device stores. A device
 * whose password was set over the web API to one the book does not hold cannot verify an
 * OpenAPI digest (ours; docs/openapi.md).
 */
export class PasswordBook {
  readonly #byMd5 = new Map<string, string>();

  constructor(passwords: Iterable<string> = []) {
    for (const password of passwords) this.add(password);
  }

  add(password: string): void {
    if (password !== '') this.#byMd5.set(md5Form(password), password);
  }

  /** The plain password whose MD5 form is `md5`, if the book holds it. */
  plainFor(md5: string): string | undefined {
    return this.#byMd5.get(md5);
  }
}
