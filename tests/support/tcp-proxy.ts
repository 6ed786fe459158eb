// A TCP proxy on 127.0.0.1 in front of a server (the test Postgres), which a test can cut, as a
// database restart or a network failure would, and restore, without touching the server itself.
import net from 'node:net';

export type TcpProxy = {
  port: number;
  /** `target`'s URL with its host and port replaced by the proxy's. */
  urlFor: (target: string) => string;
  /**
   * Closes every open connection, as a Postgres that shuts down does, and refuses new ones until
   * `restore`, as the host of a stopped server does (a TCP reset: the client sees ECONNRESET at
   * once). A reset of an open connection instead can lose a query postgres-js is sending on it
   * (it errors sent queries only on a close without error), which is not what a restart does.
   */
  cut: () => void;
  restore: () => void;
  close: () => Promise<void>;
};

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let isCut = false;
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => {});
  };
  const server = net.createServer((client) => {
    track(client);
    // The port stays taken while cut (closing the listener could let another process have it):
    // a new connection is reset as soon as it is accepted.
    if (isCut) return void client.resetAndDestroy();
    const upstream = net.connect(target.port, target.host);
    track(upstream);
    client.pipe(upstream).pipe(client);
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const destroyAll = () => {
    for (const socket of sockets) socket.destroy();
  };
  return {
    port,
    urlFor: (url) => {
      const proxied = new URL(url);
      proxied.hostname = '127.0.0.1';
      proxied.port = String(port);
      return proxied.toString();
    },
    cut: () => {
      isCut = true;
      destroyAll();
    },
    restore: () => {
      isCut = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        destroyAll();
        server.close(() => resolve());
      }),
  };
}
