// The one dependency rule (docs: ../shared/DESIGN.md): devices/ is the pure core and never
// touches a socket, a server, a mailer or the real clock.
import tseslint from 'typescript-eslint';

const socketModules = [
  'fastify', '@fastify/*', 'node:net', 'net', 'node:dgram', 'dgram', 'node:http', 'http',
  'node:https', 'https', 'node:tls', 'tls', 'multicast-dns', 'nodemailer', 'smtp-server', 'ws',
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'dist-types/**', '.tap/**', 'console/vendor/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['devices/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: socketModules, message: 'devices/ is the pure core: no sockets, servers or mailers (see DESIGN.md).' },
          { group: ['**/protocol/**', '**/cli/**', '**/scenarios/**'], message: 'devices/ may not import outer layers.' },
        ],
      }],
      'no-restricted-globals': ['error',
        { name: 'setTimeout', message: 'Use the injected Clock.' },
        { name: 'setInterval', message: 'Use the injected Clock.' }],
      'no-restricted-properties': ['error',
        { object: 'Date', property: 'now', message: 'Use the injected Clock.' },
        { object: 'Math', property: 'random', message: 'Use the injected Rng.' }],
    },
  },
);
