using System;
using System.IO;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using SocketAnalyzers.TestSupport.Loopback;
using Xunit;

namespace SocketBehavior.Tests;

/// <summary>
/// Scenario 9: Shutdown/Close/Dispose on a connection that already failed. Which of them throw decides what an
/// after-error close sequence may call unguarded: everything below is silent except a writer that still buffers
/// data (its Dispose flushes) and a Shutdown on a socket that is already disposed.
/// </summary>
public sealed class CloseAfterFailureTests
{
    [LinuxFact]
    public async Task Socket_after_broken_pipe_Shutdown_and_Close_do_not_throw()
    {
        using var pair = await LoopbackPair.OpenAsync();
        PeerGone.ClosedThenWrittenTo(pair);
        Assert.Throws<SocketException>(() => pair.Client.Send(new byte[] { 1 }));

        Assert.Null(SocketAssert.Capture(() => pair.Client.Shutdown(SocketShutdown.Both)));
        Assert.Null(SocketAssert.Capture(pair.Client.Close));
        Assert.Null(SocketAssert.Capture(pair.Client.Dispose));
    }

    [LinuxFact]
    public async Task Socket_after_unreported_reset_Shutdown_does_not_throw_and_does_not_consume_the_error()
    {
        using var pair = await LoopbackPair.OpenAsync();
        PeerGone.Aborted(pair);

        Assert.Null(SocketAssert.Capture(() => pair.Client.Shutdown(SocketShutdown.Both)));
        // The pending ECONNRESET is still there for the next call.
        SocketAssert.ConnectionReset(Assert.Throws<SocketException>(() => pair.Client.Send(new byte[] { 1 })));
        Assert.Null(SocketAssert.Capture(pair.Client.Close));
    }

    [Fact]
    public async Task Socket_Shutdown_after_Close_throws_ObjectDisposedException()
    {
        using var pair = await LoopbackPair.OpenAsync();
        PeerGone.Aborted(pair);
        pair.Client.Close();

        Assert.IsType<ObjectDisposedException>(SocketAssert.Capture(() => pair.Client.Shutdown(SocketShutdown.Both)));
    }

    [Fact]
    public async Task TcpClient_after_failure_closes_silently_and_its_Client_is_null_afterwards()
    {
        using var pair = await LoopbackPair.OpenAsync();
        var client = new TcpClient { Client = pair.Client };
        var stream = client.GetStream();
        PeerGone.ClosedThenWrittenTo(pair);
        Assert.NotNull(SocketAssert.Capture(() => stream.Write(new byte[] { 1 })));

        if (OperatingSystem.IsLinux())
        {
            Assert.Null(SocketAssert.Capture(() => client.Client.Shutdown(SocketShutdown.Both)));
        }

        Assert.Null(SocketAssert.Capture(client.Close));
        Assert.Null(SocketAssert.Capture(client.Dispose));
        Assert.True(pair.Client.SafeHandle.IsClosed);

        // Why the normal-end sequence writes client.Client?.Shutdown(...): a second sequence finds null here.
        Assert.Null(client.Client);
    }

    [Fact]
    public async Task NetworkStream_after_failure_disposes_silently_and_throws_ObjectDisposedException_afterwards()
    {
        using var pair = await LoopbackPair.OpenAsync();
        var stream = new NetworkStream(pair.Client, ownsSocket: true);
        PeerGone.ClosedThenWrittenTo(pair);
        Assert.NotNull(SocketAssert.Capture(() => stream.Write(new byte[] { 1 })));

        Assert.Null(SocketAssert.Capture(stream.Dispose));
        Assert.Null(SocketAssert.Capture(stream.Close));
        Assert.True(pair.Client.SafeHandle.IsClosed);
        Assert.IsType<ObjectDisposedException>(SocketAssert.Capture(() => stream.Write(new byte[] { 1 })));
    }

    [Fact]
    public async Task SslStream_after_failure_disposes_silently_and_closes_the_socket()
    {
        using var tls = await TlsPair.OpenAsync();
        tls.Server.Dispose();
        tls.Client.Write(new byte[] { 1 });
        Eventually.RequireResetArrived(tls.Sockets.Client);
        Assert.NotNull(SocketAssert.Capture(() => tls.Client.Write(new byte[] { 1 })));

        Assert.Null(SocketAssert.Capture(tls.Client.Dispose));
        Assert.True(tls.Sockets.Client.SafeHandle.IsClosed);
    }

    [Fact]
    public async Task StreamWriter_after_its_failed_Flush_disposes_silently()
    {
        using var pair = await LoopbackPair.OpenAsync();
        var writer = new StreamWriter(new NetworkStream(pair.Client, ownsSocket: true));
        PeerGone.ClosedThenWrittenTo(pair);
        writer.Write("reply");
        Assert.NotNull(SocketAssert.Capture(writer.Flush));

        // The failed Flush emptied the buffer before writing, so Dispose has nothing left to send.
        Assert.Null(SocketAssert.Capture(writer.Dispose));
        Assert.True(pair.Client.SafeHandle.IsClosed);
    }

    [Fact]
    public async Task StreamWriter_with_buffered_data_throws_from_Dispose_yet_closes_the_socket()
    {
        using var pair = await LoopbackPair.OpenAsync();
        var stream = new NetworkStream(pair.Client, ownsSocket: true);
        var writer = new StreamWriter(stream);
        writer.Write("part of a reply");
        PeerGone.Aborted(pair);
        // The failure comes from a read; the writer still holds its text.
        Assert.NotNull(SocketAssert.Capture(() => stream.Read(new byte[16])));

        var dispose = SocketAssert.Capture(writer.Dispose);

        SocketAssert.BrokenPipe(SocketAssert.WrappedSocketError(dispose));
        Assert.True(pair.Client.SafeHandle.IsClosed);
        Assert.Null(SocketAssert.Capture(writer.Dispose));
    }

    [Fact]
    public async Task StreamWriter_with_buffered_data_over_a_closed_stream_throws_ObjectDisposedException_from_Dispose()
    {
        using var pair = await LoopbackPair.OpenAsync();
        var stream = new NetworkStream(pair.Client, ownsSocket: true);
        var writer = new StreamWriter(stream);
        writer.Write(Encoding.UTF8.GetString(new byte[] { 65, 66 }));
        stream.Dispose();

        Assert.IsType<ObjectDisposedException>(SocketAssert.Capture(writer.Dispose));
        Assert.Null(SocketAssert.Capture(writer.Dispose));
    }
}
