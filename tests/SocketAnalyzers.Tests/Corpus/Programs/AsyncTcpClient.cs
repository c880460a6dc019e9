// Valid-code corpus: an async line-protocol client. It connects, sends one request line, ends its sending side,
// and reads the whole reply; the connection is closed by the using declarations on every path.
using System;
using System.IO;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Corpus.AsyncTcpClient;

public static class LineClient
{
    public static async Task<string> SendAsync(string host, int port, string request, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
        var stream = client.GetStream();
        using var reader = new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false, bufferSize: 4096, leaveOpen: true);
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), bufferSize: 4096, leaveOpen: true);

        await writer.WriteLineAsync(request.AsMemory(), cancellationToken).ConfigureAwait(false);
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        client.Client.Shutdown(SocketShutdown.Send);

        return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
    }

    public static async Task<int> CountLinesAsync(TcpClient client, CancellationToken cancellationToken)
    {
        var reader = new StreamReader(client.GetStream(), new UTF8Encoding(false), false, 4096, leaveOpen: true);
        var count = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is not null)
        {
            count++;
        }

        return count;
    }
}
