import { matchesGlob } from '../../../../src/checks/audit/ignore.js';

describe('matchesGlob', () => {
  test.each<[string, string, boolean]>([
    ['/bin/busybox', '/bin/busybox', true],
    ['/bin/busybox', 'bin/busybox', true],
    ['/bin/busybox', '/bin/*', true],
    ['/bin/sub/busybox', '/bin/*', true], // /bin/sub matches, and a directory covers its contents
    ['/usr/bin/busybox', '/bin/*', false],
    ['/usr/lib/firmware/qcom/a.mbn', '/usr/lib/firmware/**', true],
    // picomatch: a trailing /** also matches the directory itself.
    ['/usr/lib/firmware', '/usr/lib/firmware/**', true],
    ['/usr/lib/firmwarex', '/usr/lib/firmware/**', false],
    ['/opt/app/lib/x.so', 'opt/**/*.so', true],
    ['/opt/x.so', '/opt/**/*.so', true],
    ['/opt/x.so.1', '/opt/**/*.so', false],
    ['/app/node_modules/a/prebuilds/linux-x64/a.node', '**/prebuilds/**', true],
    ['/bin/ls', '/bin/l?', true],
    ['/bin/lss', '/bin/l?', false],
    ['/bin/ls', '/bin/l?s', false],
    ['/opt/tools/bin/x', '/opt/tools', true],
    ['/opt/toolsx', '/opt/tools', false],
    ['/opt/tools/x', '/opt/tools/', true],
    ['/a.b/c', '/a.b/c', true],
    ['/axb/c', '/a.b/c', false],
    ['/lib/x(1).so', '/lib/x(1).so', true]
  ])('%s against %s → %s', (path, glob, expected) => {
    expect(matchesGlob(path, glob)).toBe(expected);
  });
});
