/**
 * nginx from Debian's package, run by a test with a config of its own (never the system
 * service): a plain round-robin load balancer in front of the test's nodes, with WebSocket
 * upgrades passed through. Each response says which node answered (X-Upstream), so a test can
 * see that requests were spread. Without nginx the test fails with a message saying how to get it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

export const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx';

export interface TestNginx {
  url: string;
  stop(): Promise<void>;
}

/** The load balancer's config, as README's "Deploying on several machines" shows it. */
export function nginxConfig(options: { prefix: string; listen: number; upstreams: string[]; runAsRoot: boolean }): string {
  return `${options.runAsRoot ? 'user root;\n' : ''}worker_processes 1;
pid ${options.prefix}/nginx.pid;
error_log ${options.prefix}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${options.prefix}/body;
  proxy_temp_path ${options.prefix}/proxy;
  fastcgi_temp_path ${options.prefix}/fastcgi;
  uwsgi_temp_path ${options.prefix}/uwsgi;
  scgi_temp_path ${options.prefix}/scgi;

  upstream orderpulse {
${options.upstreams.map((u) => `    server ${u};`).join('\n')}
    keepalive 32;
  }
  # WebSocket upgrades (Socket.IO) go through; plain requests keep their upstream connection alive.
  map $http_upgrade $connection_upgrade {
    default upgrade;
    '' '';
  }
  server {
    listen 127.0.0.1:${options.listen};
    location / {
      proxy_pass http://orderpulse;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_read_timeout 1h;
      add_header X-Upstream $upstream_addr always;
    }
  }
}
`;
}

export async function startTestNginx(upstreams: string[]): Promise<TestNginx> {
  if (spawnSync(NGINX, ['-v']).error) {
    throw new Error(`nginx not found at ${NGINX}: install it with \`apt-get install -y nginx\` (.ci/run does), or set NGINX_PATH.`);
  }
  const prefix = mkdtempSync(join(tmpdir(), 'orderpulse-nginx-'));
  const listen = await freePort();
  const config = join(prefix, 'nginx.conf');
  writeFileSync(config, nginxConfig({ prefix, listen, upstreams, runAsRoot: process.getuid?.() === 0 }));
  const child: ChildProcess = spawn(NGINX, ['-p', prefix, '-c', config, '-e', join(prefix, 'error.log'), '-g', 'daemon off;'], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${listen}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await fetch(`${url}/healthz`);
      break;
    } catch {
      if (child.exitCode !== null || Date.now() > deadline) {
        const log = (() => {
          try {
            return readFileSync(join(prefix, 'error.log'), 'utf8');
          } catch {
            return '';
          }
        })();
        child.kill('SIGKILL');
        throw new Error(`nginx did not start:\n${log}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    url,
    stop: async () => {
      if (child.exitCode === null) {
        await new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGQUIT');
        });
      }
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}
