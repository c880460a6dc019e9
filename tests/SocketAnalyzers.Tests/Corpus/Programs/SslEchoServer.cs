// Valid-code corpus: a TLS echo server. Each accepted client is handed to its own task, which authenticates,
// echoes until the client's end of stream, sends close_notify and FIN, and closes the client on every path.
using System;
using System.IO;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;

namespace Corpus.SslEchoServer;

public sealed class SslEchoServer
{
    private readonly X509Certificate2 _certificate;

    public SslEchoServer(X509Certificate2 certificate) => _certificate = certificate;

    public async Task RunAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        listener.Start();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var client = await listener.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
                _ = HandleAsync(client, cancellationToken);
            }
        }
        finally
        {
            listener.Stop();
        }
    }

    private async Task HandleAsync(TcpClient client, CancellationToken cancellationToken)
    {
        using (client)
        using (var ssl = new SslStream(client.GetStream(), leaveInnerStreamOpen: false))
        {
            try
            {
                var options = new SslServerAuthenticationOptions { ServerCertificate = _certificate };
                await ssl.AuthenticateAsServerAsync(options, cancellationToken).ConfigureAwait(false);

                var buffer = new byte[4096];
                int read;
                while ((read = await ssl.ReadAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    await ssl.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }

                await ssl.ShutdownAsync().ConfigureAwait(false);
                client.Client.Shutdown(SocketShutdown.Send);
            }
            catch (AuthenticationException)
            {
                // Not a TLS client, or it rejected our certificate: nothing was exchanged.
            }
            catch (IOException)
            {
                // The client reset the connection: it is gone.
            }
            catch (OperationCanceledException)
            {
                // The server is stopping.
            }
        }
    }
}
