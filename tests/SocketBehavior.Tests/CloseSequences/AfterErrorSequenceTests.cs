using System.Threading.Tasks;
using SocketAnalyzers.CodeFixes.CloseSequences;
using SocketAnalyzers.TestSupport.Loopback;
using Xunit;
using static SocketBehavior.Tests.CloseSequences.SequenceProgram;

namespace SocketBehavior.Tests.CloseSequences;

/// <summary>
/// The after-error close sequence, run exactly as <see cref="CloseSequence.AfterError"/> emits it (compiled as C# 7.3)
/// inside the catch that saw the connection error: it releases the connection and throws nothing.
/// The peer aborted first (RST), so the program's I/O fails for real.
/// </summary>
public sealed class AfterErrorSequenceTests
{
    [Fact]
    public async Task Socket_is_closed_without_a_second_exception()
    {
        var source = Source("Socket connection", $$"""
            try
            {
                connection.Send(Encoding.UTF8.GetBytes("reply"));
            }
            catch (SocketException)
            {
            {{AfterError("connection", ConnectionShape.Socket)}}
                return connection.SafeHandle.IsClosed ? "released" : "still open";
            }
            return "the write did not fail";
            """);

        var run = await LoopbackHarness.RunAsync(source, "Program.Run", peer => peer.Abort(), OldestLanguage);

        Assert.Equal("released", run.Program.ReturnValue);
    }

    [Fact]
    public async Task TcpClient_is_closed_without_a_second_exception()
    {
        var source = Source("TcpClient client", $$"""
            var stream = client.GetStream();
            try
            {
                stream.Write(new byte[] { 1 }, 0, 1);
            }
            catch (IOException)
            {
            {{AfterError("client", ConnectionShape.TcpClient)}}
                return client.Client == null ? "released" : "still open";
            }
            return "the write did not fail";
            """);

        var run = await LoopbackHarness.RunAsync(source, "Program.Run", peer => peer.Abort(), OldestLanguage);

        Assert.Equal("released", run.Program.ReturnValue);
    }

    [Fact]
    public async Task NetworkStream_is_closed_without_a_second_exception()
    {
        var source = Source("NetworkStream stream", $$"""
            try
            {
                stream.Write(new byte[] { 1 }, 0, 1);
            }
            catch (IOException)
            {
            {{AfterError("stream", ConnectionShape.StreamOrWriter)}}
                return stream.CanWrite ? "still open" : "released";
            }
            return "the write did not fail";
            """);

        var run = await LoopbackHarness.RunAsync(source, "Program.Run", peer => peer.Abort(), OldestLanguage);

        Assert.Equal("released", run.Program.ReturnValue);
    }

    /// <summary>A writer holding part of a reply when a read fails: disposing it flushes into the dead connection.</summary>
    private static string WriterWithBufferedReply(string closeStatements) => Source("TcpClient client", $$"""
        var socket = client.Client;
        var stream = client.GetStream();
        var writer = new StreamWriter(stream);
        writer.Write("part of a reply");
        try
        {
            stream.Read(new byte[16], 0, 16);
        }
        catch (IOException)
        {
        {{closeStatements}}
            return socket.SafeHandle.IsClosed ? "released" : "still open";
        }
        return "the read did not fail";
        """);

    [Fact]
    public async Task Writer_with_buffered_data_is_closed_without_a_second_exception()
    {
        var source = WriterWithBufferedReply(AfterError("writer", ConnectionShape.StreamOrWriter));

        var run = await LoopbackHarness.RunAsync(source, "Program.Run", peer => peer.Abort(), OldestLanguage);

        Assert.Equal("released", run.Program.ReturnValue);
    }

    [Fact]
    public async Task Plain_Dispose_of_that_writer_throws_a_second_exception()
    {
        // The wrong sequence: this is why AfterError guards a writer's Close.
        var run = await LoopbackHarness.RunAsync(WriterWithBufferedReply("writer.Dispose();"), "Program.Run", peer => peer.Abort(), OldestLanguage);

        Assert.Equal(typeof(System.IO.IOException).FullName, run.Program.ExceptionType);
        Assert.Equal(typeof(System.Net.Sockets.SocketException).FullName, run.Program.InnerType);
    }

    [Fact]
    public async Task Writer_over_an_already_closed_connection_is_closed_without_a_second_exception()
    {
        // An earlier after-error sequence closed the client; the writer still holds text.
        var source = WriterWithBufferedReply(
            AfterError("client", ConnectionShape.TcpClient) + "\n" + AfterError("writer", ConnectionShape.StreamOrWriter));

        var run = await LoopbackHarness.RunAsync(source, "Program.Run", peer => peer.Abort(), OldestLanguage);

        Assert.Equal("released", run.Program.ReturnValue);
    }

    [Fact]
    public async Task Reader_is_closed_without_a_second_exception()
    {
        var source = Source("TcpClient client", $$"""
            var socket = client.Client;
            var reader = new StreamReader(client.GetStream());
            try
            {
                reader.ReadLine();
            }
            catch (IOException)
            {
            {{AfterError("reader", ConnectionShape.Reader)}}
                return socket.SafeHandle.IsClosed ? "released" : "still open";
            }
            return "the read did not fail";
            """);

        var run = await LoopbackHarness.RunAsync(source, "Program.Run", peer => peer.Abort(), OldestLanguage);

        Assert.Equal("released", run.Program.ReturnValue);
    }

    [Theory]
    [InlineData(nameof(ConnectionShape.Socket), "connection.Client")]
    [InlineData(nameof(ConnectionShape.TcpClient), "connection")]
    [InlineData(nameof(ConnectionShape.StreamOrWriter), "writer")]
    public async Task Normal_end_after_the_after_error_sequence_throws_nothing(string shapeName, string expression)
    {
        var shape = System.Enum.Parse<ConnectionShape>(shapeName);
        // What a SOCK005 try/finally around a SOCK001-fixed catch runs: AfterError in the catch, NormalEnd in the finally.
        var source = Source("TcpClient connection", $$"""
            var writer = new StreamWriter(connection.GetStream());
            writer.Write("part of a reply");
            try
            {
                connection.GetStream().Read(new byte[16], 0, 16);
            }
            catch (IOException)
            {
            {{AfterError(expression, shape)}}
            }
            finally
            {
            {{NormalEnd(expression, shape)}}
            }
            return "done";
            """);

        var run = await LoopbackHarness.RunAsync(source, "Program.Run", peer => peer.Abort(), OldestLanguage);

        Assert.Equal("done", run.Program.ReturnValue);
    }
}
