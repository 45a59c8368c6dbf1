// The login_envelope vector of /work/shared/vectors/vigi-login.json (a key made for the vectors only).
export const VECTOR = {
  privateKeyPem: [
  '-----BEGIN PRIVATE KEY-----',
  'MIICdgIBADANBgkqhkiG9w0BAQEFAASCAmAwggJcAgEAAoGBAMjY/DFa/v1ydXky',
  'rbAgRn9elSGSvJ3tNetaF7W4k8J1hVuQNS4Rql8M7dzTNJhKDZw2ZSK6exkQs0Yl',
  '2AeT41gg42AAHouHpnfSCR/GTxy9D4WHgXK/fdtX1yxYwpwctWotV1c7Nyl23J5m',
  '12wxSN3ovrc8iMd8LrjVLaF8puFDAgMBAAECgYACSte2CH/YjLHijD2HQRcM5Rt2',
  'oqIce1SeNw0GOfEVyxmWjfLNb84t/4vHdXGoO1AkdEp7Nv2or5QcPNpWW83AcpFR',
  'm7/XA54bP8Au/9yVMtd4+07+MyyOt9MqQQQbRpF+vYorQcF5dr0Co3Qzb1P2s4Q1',
  'bB2wEBGnNmAdYXYC4QJBAOzHN3zR4BkO/bL1ZzZwJRHFqVFSfUY/KH3nImSQ6NxL',
  '/da7Vu1YCgdSizkGIP4kjFrtZEBhBbf5nX/13/METI8CQQDZJwzEg9opwk2tpULQ',
  'Wy6gG2ANH2JALEEYRDRUlYlEQUZWTFPWhQl1iZqMrLYkSfSkGDCmNsEqS0Gnlkyi',
  'fCINAkEAgUtrzlogwC5CdRWyjbSBWYoRIlokFFbquo2bZ0UGEz3f2AEmv6ZCm6sE',
  'YVgqbfzxM7nL86fHYqYIzlYqO17OmwJANlmqvWjO6tLCBGsvjNy1j8cqRD6Npcgt',
  'xrgTbPQ8dgPsad8SwMdtdaiqMPltYSnNfGC9lGxx7ncFiL96kNSG5QJASwFLvk0D',
  'H9MAGAij5MZJ1EFZuiUScOr2XvFwEabfcQjy5TvtXRLsk7x5KX1p3ap3zpLnWgS4',
  'lKVbI8vO4QVlEQ==',
  '-----END PRIVATE KEY-----',
  ].join('\n') + '\n',
  publicKeySpkiBase64: 'MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDI2PwxWv79cnV5Mq2wIEZ/XpUhkryd7TXrWhe1uJPCdYVbkDUuEapfDO3c0zSYSg2cNmUiunsZELNGJdgHk+NYIONgAB6Lh6Z30gkfxk8cvQ+Fh4Fyv33bV9csWMKcHLVqLVdXOzcpdtyeZtdsMUjd6L63PIjHfC641S2hfKbhQwIDAQAB',
  plaintext: 'F8A44BD7A62BEC2512DE5EB295A68997:K3vQ9xZa',
  ciphertextBase64: 'YC3BOCyxmogcedVj4gMFfXVHUMLQyHacJ9q8F55vKUR2PqYgiUWbW6sbINIsCKrDLzg5mYoHWtzfyeZdDW8VYrK47E1nlxZU96XnpW6Hi542Y2vb5N/KMAvtduHGOgveJ8nOGCs9uGYbTL2cJ4MdTV213CM1958LUqHaPYaDxKk=',
};
