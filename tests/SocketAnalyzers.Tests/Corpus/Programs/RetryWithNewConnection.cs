// Valid-code corpus: a request/response client that retries a failed exchange on a NEW connection. Each attempt's
// connection is closed by its using; the failed one is never written to again.
using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Corpus.RetryWithNewConnection;

public static class RetryingClient
{
    public static async Task<byte[]> RequestAsync(IPEndPoint endPoint, byte[] request, int attempts, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            using (var client = new TcpClient(endPoint.AddressFamily))
            {
                try
                {
                    await client.ConnectAsync(endPoint.Address, endPoint.Port, cancellationToken);
                    var stream = client.GetStream();
                    await stream.WriteAsync(request, 0, request.Length, cancellationToken);

                    // The whole request is out: tell the server, so it can answer and close.
                    client.Client.Shutdown(SocketShutdown.Send);
                    return await ReadToEndAsync(stream, cancellationToken);
                }
                catch (Exception e) when (attempt < attempts && (e is IOException || e is SocketException))
                {
                    // Leave the using: this connection is closed, the next attempt opens a new one.
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), cancellationToken);
        }
    }

    private static async Task<byte[]> ReadToEndAsync(Stream stream, CancellationToken cancellationToken)
    {
        using (var response = new MemoryStream())
        {
            var buffer = new byte[4096];
            int read;
            while ((read = await stream.ReadAsync(buffer, 0, buffer.Length, cancellationToken)) > 0)
            {
                response.Write(buffer, 0, read);
            }

            return response.ToArray();
        }
    }
}
