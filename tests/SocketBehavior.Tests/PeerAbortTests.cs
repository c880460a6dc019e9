using System.Net.Sockets;
using System.Threading.Tasks;
using SocketAnalyzers.TestSupport.Loopback;
using Xunit;

namespace SocketBehavior.Tests;

/// <summary>Scenario 2: the peer aborts (LingerState(true, 0) + Close sends RST).</summary>
public sealed class PeerAbortTests
{
    [Fact]
    public async Task Read_fails_with_ConnectionReset_then_write_fails_with_Shutdown()
    {
        using var pair = await LoopbackPair.OpenAsync();
        PeerGone.Aborted(pair);
        var buffer = new byte[16];

        var read = Assert.Throws<SocketException>(() => pair.Client.Receive(buffer));
        SocketAssert.ConnectionReset(read);

        // The reset was reported (and consumed) by the read: the write sees the closed connection, EPIPE.
        var write = Assert.Throws<SocketException>(() => pair.Client.Send(new byte[] { 1 }));
        SocketAssert.BrokenPipe(write);
    }

    [Fact]
    public async Task First_write_after_RST_fails_with_ConnectionReset_then_Shutdown()
    {
        using var pair = await LoopbackPair.OpenAsync();
        PeerGone.Aborted(pair);

        var first = Assert.Throws<SocketException>(() => pair.Client.Send(new byte[] { 1 }));
        SocketAssert.ConnectionReset(first);

        var second = Assert.Throws<SocketException>(() => pair.Client.Send(new byte[] { 1 }));
        SocketAssert.BrokenPipe(second);
    }

    [LinuxFact]
    public async Task After_the_reset_was_reported_reads_return_0()
    {
        using var pair = await LoopbackPair.OpenAsync();
        PeerGone.Aborted(pair);
        var buffer = new byte[16];

        Assert.Throws<SocketException>(() => pair.Client.Receive(buffer));

        // Linux reports ECONNRESET once; afterwards the socket reads as ended, so a loop that
        // swallows the exception and reads again sees a plain end of stream.
        Assert.Equal(0, pair.Client.Receive(buffer));
        Assert.Equal(0, pair.Client.Receive(buffer));
    }

    [Fact]
    public async Task Connected_stays_true_until_an_operation_fails()
    {
        using var pair = await LoopbackPair.OpenAsync();
        PeerGone.Aborted(pair);

        // Connected is the state of the last operation, not of the peer: a guard `if (s.Connected) s.Close()` misses this.
        Assert.True(pair.Client.Connected);
        Assert.Throws<SocketException>(() => pair.Client.Send(new byte[] { 1 }));
        Assert.False(pair.Client.Connected);
    }
}
