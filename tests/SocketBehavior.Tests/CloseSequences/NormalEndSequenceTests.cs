using System;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using SocketAnalyzers.CodeFixes.CloseSequences;
using SocketAnalyzers.TestSupport.Loopback;
using Xunit;
using static SocketBehavior.Tests.CloseSequences.SequenceProgram;

namespace SocketBehavior.Tests.CloseSequences;

/// <summary>
/// The normal-end close sequence, run exactly as <see cref="CloseSequence.NormalEnd"/> emits it (compiled as C# 7.3).
/// The peer sends a request the program never reads — the case where a plain socket Close sends RST — and then
/// must receive the whole response followed by a clean end of stream.
/// </summary>
public sealed class NormalEndSequenceTests
{
    private static void SendRequest(LoopbackPeer peer) => peer.Send("request");

    [Fact]
    public async Task Socket_peer_gets_the_response_then_end_of_stream()
    {
        var source = Source("Socket connection", $$"""
            connection.Send(Encoding.UTF8.GetBytes("response"));
            {{NormalEnd("connection", ConnectionShape.Socket)}}
            return "done";
            """);

        var run = await LoopbackHarness.RunAsync(source, "Program.Run", SendRequest, OldestLanguage);

        AssertCleanEnd(run);
    }

    [LinuxFact]
    public async Task Socket_closed_without_the_sequence_resets_the_peer()
    {
        // The wrong sequence, so the test above can be trusted to notice one.
        var source = Source("Socket connection", """
            connection.Send(Encoding.UTF8.GetBytes("response"));
            connection.Close();
            return "done";
            """);

        var run = await LoopbackHarness.RunAsync(source, "Program.Run", SendRequest, OldestLanguage);

        Assert.Equal("response", run.Peer.ReceivedText);
        Assert.Equal(PeerEnd.Reset, run.Peer.End);
    }

    [Fact]
    public async Task TcpClient_peer_gets_the_response_then_end_of_stream()
    {
        var source = Source("TcpClient client", $$"""
            client.GetStream().Write(Encoding.UTF8.GetBytes("response"), 0, 8);
            {{NormalEnd("client", ConnectionShape.TcpClient)}}
            return "done";
            """);

        var run = await LoopbackHarness.RunAsync(source, "Program.Run", SendRequest, OldestLanguage);

        AssertCleanEnd(run);
    }

    [LinuxFact]
    public async Task TcpClient_whose_socket_is_closed_directly_resets_the_peer()
    {
        var source = Source("TcpClient client", """
            client.GetStream().Write(Encoding.UTF8.GetBytes("response"), 0, 8);
            client.Client.Close();
            return "done";
            """);

        var run = await LoopbackHarness.RunAsync(source, "Program.Run", SendRequest, OldestLanguage);

        Assert.Equal(PeerEnd.Reset, run.Peer.End);
    }

    [Fact]
    public async Task NetworkStream_from_GetStream_peer_gets_the_response_then_end_of_stream()
    {
        var source = Source("NetworkStream stream", $$"""
            stream.Write(Encoding.UTF8.GetBytes("response"), 0, 8);
            {{NormalEnd("stream", ConnectionShape.StreamOrWriter)}}
            return "done";
            """);

        var run = await LoopbackHarness.RunAsync(source, "Program.Run", SendRequest, OldestLanguage);

        AssertCleanEnd(run);
    }

    [Fact]
    public async Task Writer_over_the_clients_stream_delivers_its_buffer_then_end_of_stream()
    {
        var source = Source("TcpClient client", $$"""
            var writer = new StreamWriter(client.GetStream());
            writer.Write("response");
            {{NormalEnd("writer", ConnectionShape.StreamOrWriter)}}
            return "done";
            """);

        var run = await LoopbackHarness.RunAsync(source, "Program.Run", SendRequest, OldestLanguage);

        AssertCleanEnd(run);
    }

    [LinuxFact]
    public async Task Writer_whose_socket_is_closed_without_flushing_loses_the_response_and_resets_the_peer()
    {
        var source = Source("TcpClient client", """
            var writer = new StreamWriter(client.GetStream());
            writer.Write("response");
            client.Client.Close();
            return "done";
            """);

        var run = await LoopbackHarness.RunAsync(source, "Program.Run", SendRequest, OldestLanguage);

        Assert.Equal("", run.Peer.ReceivedText);
        Assert.Equal(PeerEnd.Reset, run.Peer.End);
    }

    [Fact]
    public async Task Writer_over_a_stream_that_does_not_own_the_socket_composes_with_the_sockets_sequence()
    {
        var source = Source("Socket connection", $$"""
            var writer = new StreamWriter(new NetworkStream(connection, false));
            writer.Write("response");
            {{NormalEnd("writer", ConnectionShape.StreamOrWriter)}}
            {{NormalEnd("connection", ConnectionShape.Socket)}}
            return "done";
            """);

        var run = await LoopbackHarness.RunAsync(source, "Program.Run", SendRequest, OldestLanguage);

        AssertCleanEnd(run);
    }

    [Fact]
    public async Task Writer_over_a_stream_that_does_not_own_the_socket_alone_leaves_the_connection_open()
    {
        // Why a fix must append the owner's sequence when the wrapper does not own the connection.
        var source = Source("Socket connection", $$"""
            var writer = new StreamWriter(new NetworkStream(connection, false));
            writer.Write("response");
            {{NormalEnd("writer", ConnectionShape.StreamOrWriter)}}
            return "done";
            """);

        var run = await LoopbackHarness.RunAsync(source, "Program.Run", SendRequest, OldestLanguage, peerReadTimeout: TimeSpan.FromMilliseconds(300));

        Assert.Equal("response", run.Peer.ReceivedText);
        Assert.Equal(PeerEnd.StillOpen, run.Peer.End);
    }

    [Fact]
    public async Task Reader_over_the_clients_stream_ends_cleanly()
    {
        var source = Source("TcpClient client", $$"""
            client.GetStream().Write(Encoding.UTF8.GetBytes("response"), 0, 8);
            var reader = new StreamReader(client.GetStream());
            {{NormalEnd("reader", ConnectionShape.Reader)}}
            return "done";
            """);

        var run = await LoopbackHarness.RunAsync(source, "Program.Run", SendRequest, OldestLanguage);

        AssertCleanEnd(run);
    }

    [Theory]
    [InlineData(nameof(ConnectionShape.Socket), "connection")]
    [InlineData(nameof(ConnectionShape.TcpClient), "client")]
    public async Task Peer_already_gone_nothing_is_thrown_and_the_connection_is_closed(string shapeName, string expression)
    {
        var shape = Enum.Parse<ConnectionShape>(shapeName);
        var source = Source("TcpClient client", $$"""
            var connection = client.Client;
            {{NormalEnd(expression, shape)}}
            return connection.SafeHandle.IsClosed ? "closed" : "open";
            """);

        var run = await LoopbackHarness.RunAsync(source, "Program.Run", peer => peer.Abort(), OldestLanguage);

        Assert.Equal("closed", run.Program.ReturnValue);
    }

    [Fact]
    public async Task Peer_already_gone_a_writer_with_buffered_data_throws_once_and_the_connection_is_closed()
    {
        // The one exception NormalEnd lets through: the flush could not deliver the data.
        var source = Source("TcpClient client", $$"""
            var connection = client.Client;
            var writer = new StreamWriter(client.GetStream());
            writer.Write("response");
            try
            {
            {{NormalEnd("writer", ConnectionShape.StreamOrWriter)}}
            }
            catch (IOException e)
            {
                return e.InnerException is SocketException && connection.SafeHandle.IsClosed ? "flush failed, closed" : "unexpected: " + e;
            }
            return "the flush did not fail";
            """);

        var run = await LoopbackHarness.RunAsync(source, "Program.Run", peer => peer.Abort(), OldestLanguage);

        Assert.Equal("flush failed, closed", run.Program.ReturnValue);
    }

    [Theory]
    [InlineData(nameof(ConnectionShape.Socket), "client.Client")]
    [InlineData(nameof(ConnectionShape.TcpClient), "client")]
    [InlineData(nameof(ConnectionShape.StreamOrWriter), "writer")]
    public async Task Running_it_twice_throws_nothing_and_the_peer_still_ends_cleanly(string shapeName, string expression)
    {
        var shape = Enum.Parse<ConnectionShape>(shapeName);
        var source = Source("TcpClient client", $$"""
            var writer = new StreamWriter(client.GetStream());
            writer.Write("response");
            writer.Flush();
            {{NormalEnd(expression, shape)}}
            {{NormalEnd(expression, shape)}}
            return "done";
            """);

        var run = await LoopbackHarness.RunAsync(source, "Program.Run", SendRequest, OldestLanguage);

        AssertCleanEnd(run);
    }

    [Fact]
    public async Task SslStream_peer_reads_the_response_then_end_of_stream()
    {
        var source = Source("System.Net.Security.SslStream stream", $$"""
            stream.Write(Encoding.UTF8.GetBytes("response"), 0, 8);
            {{NormalEnd("stream", ConnectionShape.StreamOrWriter)}}
            return "done";
            """);
        using var program = InMemoryProgram.Compile(source, OldestLanguage);
        using var tls = await TlsPair.OpenAsync();
        await tls.Client.WriteAsync(Encoding.UTF8.GetBytes("request"));
        Eventually.RequireAvailable(tls.Sockets.Server, 1);

        var outcome = await InMemoryProgram.InvokeAsync(program.Method("Program.Run"), new object[] { tls.Server }, LoopbackPair.DefaultTimeout);

        Assert.Equal("done", outcome.ReturnValue);
        Assert.Equal("response", await ReadToEndAsync(tls.Client));
    }

    private static void AssertCleanEnd(LoopbackRun run)
    {
        Assert.True(run.Program.Returned, run.ToString());
        Assert.Equal("response", run.Peer.ReceivedText);
        Assert.Equal(PeerEnd.EndOfStream, run.Peer.End);
    }

    /// <summary>Everything the TLS peer reads until its read returns 0; a reset would throw here.</summary>
    private static async Task<string> ReadToEndAsync(SslStream stream)
    {
        var text = new StringBuilder();
        var buffer = new byte[256];
        using var cancellation = new System.Threading.CancellationTokenSource(LoopbackPair.DefaultTimeout);
        int count;
        while ((count = await stream.ReadAsync(buffer, cancellation.Token)) > 0)
        {
            text.Append(Encoding.UTF8.GetString(buffer, 0, count));
        }

        return text.ToString();
    }
}
