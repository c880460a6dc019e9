using System;
using System.IO;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using SocketAnalyzers.TestSupport.Loopback;
using Xunit;

namespace SocketBehavior.Tests;

/// <summary>
/// Scenario 4: the same dead connection through NetworkStream, SslStream, StreamWriter and the async APIs.
/// Streams throw IOException with the SocketException as InnerException, so a catch (SocketException) around
/// them never runs (SOCK004); Socket's own methods, sync or async, throw the SocketException itself.
/// </summary>
public sealed class StreamWrapperTests
{
    private const string LinuxWriteMessage = "Unable to write data to the transport connection: Broken pipe.";
    private const string LinuxReadMessage = "Unable to read data from the transport connection: Connection reset by peer.";

    [Fact]
    public async Task NetworkStream_Write_throws_IOException_wrapping_Shutdown()
    {
        using var pair = await LoopbackPair.OpenAsync();
        using var stream = new NetworkStream(pair.Client, ownsSocket: false);
        PeerGone.ClosedThenWrittenTo(pair);

        var e = SocketAssert.Capture(() => stream.Write(new byte[] { 1 }));

        SocketAssert.BrokenPipe(SocketAssert.WrappedSocketError(e));
        AssertLinuxMessage(LinuxWriteMessage, e);
        Assert.Equal(CatchClause.IOException, CatchClause.Which(() => stream.Write(new byte[] { 1 })));
    }

    [Fact]
    public async Task NetworkStream_WriteAsync_throws_IOException_wrapping_Shutdown()
    {
        using var pair = await LoopbackPair.OpenAsync();
        using var stream = new NetworkStream(pair.Client, ownsSocket: false);
        PeerGone.ClosedThenWrittenTo(pair);

        var e = await SocketAssert.CaptureAsync(async () => await stream.WriteAsync(new byte[] { 1 }));

        SocketAssert.BrokenPipe(SocketAssert.WrappedSocketError(e));
        Assert.Equal(CatchClause.IOException, await CatchClause.WhichAsync(async () => await stream.WriteAsync(new byte[] { 1 })));
    }

    [Fact]
    public async Task Socket_SendAsync_throws_the_SocketException_itself()
    {
        using var pair = await LoopbackPair.OpenAsync();
        PeerGone.ClosedThenWrittenTo(pair);

        var e = await SocketAssert.CaptureAsync(async () => await pair.Client.SendAsync(new byte[] { 1 }, SocketFlags.None));

        SocketAssert.BrokenPipe(Assert.IsType<SocketException>(e));
        Assert.Equal(
            CatchClause.SocketException,
            await CatchClause.WhichAsync(async () => await pair.Client.SendAsync(new byte[] { 1 }, SocketFlags.None)));
    }

    [Fact]
    public async Task StreamWriter_buffers_the_write_and_its_Flush_throws_IOException_wrapping_Shutdown()
    {
        using var pair = await LoopbackPair.OpenAsync();
        using var stream = new NetworkStream(pair.Client, ownsSocket: false);
        var writer = new StreamWriter(stream);
        PeerGone.ClosedThenWrittenTo(pair);

        // The text only reaches the writer's buffer: nothing fails yet.
        writer.Write("reply");
        var e = SocketAssert.Capture(writer.Flush);

        SocketAssert.BrokenPipe(SocketAssert.WrappedSocketError(e));
        AssertLinuxMessage(LinuxWriteMessage, e);
        Assert.Equal(CatchClause.IOException, CatchClause.Which(() => { writer.Write("again"); writer.Flush(); }));
    }

    [Fact]
    public async Task StreamWriter_FlushAsync_throws_IOException_wrapping_Shutdown()
    {
        using var pair = await LoopbackPair.OpenAsync();
        using var stream = new NetworkStream(pair.Client, ownsSocket: false);
        var writer = new StreamWriter(stream);
        PeerGone.ClosedThenWrittenTo(pair);

        await writer.WriteAsync("reply");
        var e = await SocketAssert.CaptureAsync(writer.FlushAsync);

        SocketAssert.BrokenPipe(SocketAssert.WrappedSocketError(e));
        Assert.Equal(CatchClause.IOException, await CatchClause.WhichAsync(async () =>
        {
            await writer.WriteAsync("again");
            await writer.FlushAsync();
        }));
    }

    [Fact]
    public async Task SslStream_Write_throws_IOException_wrapping_Shutdown()
    {
        using var tls = await TlsPair.OpenAsync();
        tls.Server.Dispose();

        // Like a plain socket: the first record is accepted and answered with RST, the next write fails.
        tls.Client.Write(Encoding.UTF8.GetBytes("first"));
        Eventually.RequireResetArrived(tls.Sockets.Client);
        var e = SocketAssert.Capture(() => tls.Client.Write(Encoding.UTF8.GetBytes("second")));

        SocketAssert.BrokenPipe(SocketAssert.WrappedSocketError(e));
        AssertLinuxMessage(LinuxWriteMessage, e);
        Assert.Equal(CatchClause.IOException, CatchClause.Which(() => tls.Client.Write(new byte[] { 1 })));
    }

    [Fact]
    public async Task SslStream_WriteAsync_throws_IOException_wrapping_Shutdown()
    {
        using var tls = await TlsPair.OpenAsync();
        tls.Server.Dispose();

        await tls.Client.WriteAsync(Encoding.UTF8.GetBytes("first"));
        Eventually.RequireResetArrived(tls.Sockets.Client);
        var e = await SocketAssert.CaptureAsync(async () => await tls.Client.WriteAsync(Encoding.UTF8.GetBytes("second")));

        SocketAssert.BrokenPipe(SocketAssert.WrappedSocketError(e));
        Assert.Equal(CatchClause.IOException, await CatchClause.WhichAsync(async () => await tls.Client.WriteAsync(new byte[] { 1 })));
    }

    [Fact]
    public async Task NetworkStream_Read_after_RST_throws_IOException_wrapping_ConnectionReset()
    {
        using var pair = await LoopbackPair.OpenAsync();
        using var stream = new NetworkStream(pair.Client, ownsSocket: false);
        PeerGone.Aborted(pair);

        var e = SocketAssert.Capture(() => stream.Read(new byte[16]));

        SocketAssert.ConnectionReset(SocketAssert.WrappedSocketError(e));
        AssertLinuxMessage(LinuxReadMessage, e);
    }

    [Fact]
    public async Task NetworkStream_ReadAsync_after_RST_throws_IOException_wrapping_ConnectionReset()
    {
        using var pair = await LoopbackPair.OpenAsync();
        using var stream = new NetworkStream(pair.Client, ownsSocket: false);
        PeerGone.Aborted(pair);

        var e = await SocketAssert.CaptureAsync(() => stream.ReadAsync(new byte[16]));

        SocketAssert.ConnectionReset(SocketAssert.WrappedSocketError(e));
        Assert.Equal(CatchClause.IOException, CatchClause.Which(() => throw e!));
    }

    [Fact]
    public async Task SslStream_Read_after_RST_throws_IOException_wrapping_ConnectionReset()
    {
        using var tls = await TlsPair.OpenAsync();
        // Abort the server's socket itself: disposing the SslStream would shut down (FIN) before closing.
        tls.Sockets.Server.LingerState = new System.Net.Sockets.LingerOption(true, 0);
        tls.Sockets.Server.Close();
        Eventually.RequireResetArrived(tls.Sockets.Client);

        var e = SocketAssert.Capture(() => tls.Client.Read(new byte[16]));

        SocketAssert.ConnectionReset(SocketAssert.WrappedSocketError(e));
    }

    private static void AssertLinuxMessage(string expected, Exception? e)
    {
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(expected, e!.Message);
        }
    }
}
