import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir, findResourcesDir, resolveDataDir } from '../../src/node/paths';

describe('library location', () => {
  it('follows each platform’s convention', () => {
    expect(defaultDataDir({}, 'linux', '/home/ed')).toBe('/home/ed/.local/share/qikan-studio');
    expect(defaultDataDir({ XDG_DATA_HOME: '/data/xdg' }, 'linux', '/home/ed')).toBe('/data/xdg/qikan-studio');
    expect(defaultDataDir({ XDG_DATA_HOME: 'relative/ignored' }, 'linux', '/home/ed')).toBe('/home/ed/.local/share/qikan-studio');
    expect(defaultDataDir({}, 'darwin', '/Users/ed')).toBe('/Users/ed/Library/Application Support/Qikan Studio');
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\ed\\AppData\\Roaming' }, 'win32', 'C:\\Users\\ed')).toBe('C:\\Users\\ed\\AppData\\Roaming\\Qikan Studio');
  });

  it('prefers --data, then $QIKAN_DATA_DIR, then the default', () => {
    const env = { QIKAN_DATA_DIR: '/srv/qikan', XDG_DATA_HOME: '/data/xdg' };
    expect(resolveDataDir(['list', '--data', '/tmp/lib'], env)).toBe('/tmp/lib');
    expect(resolveDataDir(['--data=/tmp/lib2', 'list'], env)).toBe('/tmp/lib2');
    expect(resolveDataDir(['list'], env)).toBe('/srv/qikan');
    expect(resolveDataDir(['list'], { XDG_DATA_HOME: '/data/xdg' })).toBe(
      process.platform === 'linux' ? '/data/xdg/qikan-studio' : defaultDataDir({ XDG_DATA_HOME: '/data/xdg' }),
    );
  });

  it('finds the resources folder with the sample issue', () => {
    const dir = findResourcesDir();
    expect(path.basename(dir)).toBe('resources');
    expect(fs.existsSync(path.join(dir, 'sample-issue-2026-01.json'))).toBe(true);
  });
});
