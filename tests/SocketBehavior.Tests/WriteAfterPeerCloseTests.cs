using System.Net.Sockets;
using System.Threading.Tasks;
using SocketAnalyzers.TestSupport.Loopback;
using Xunit;

namespace SocketBehavior.Tests;

/// <summary>Scenario 1: the peer closes gracefully (FIN) and we keep writing.</summary>
public sealed class WriteAfterPeerCloseTests
{
    [Fact]
    public async Task First_write_after_peer_FIN_succeeds_and_the_peer_answers_with_RST()
    {
        using var pair = await LoopbackPair.OpenAsync();
        pair.Server.Close();
        Eventually.RequireReadable(pair.Client);

        // The kernel accepts the bytes: a FIN only says the peer will send nothing more.
        Assert.Equal(3, pair.Client.Send(new byte[] { 1, 2, 3 }));

        // The peer's socket is gone, so its kernel answers the data with RST; Linux flags it as a pending error.
        if (System.OperatingSystem.IsLinux())
        {
            Assert.True(Eventually.Holds(() => pair.Client.Poll(0, SelectMode.SelectError)), "no RST arrived after the write");
        }
    }

    [Fact]
    public async Task Next_write_fails_with_Shutdown_broken_pipe_every_time()
    {
        using var pair = await LoopbackPair.OpenAsync();
        PeerGone.ClosedThenWrittenTo(pair);

        for (var attempt = 0; attempt < 3; attempt++)
        {
            var e = Assert.Throws<SocketException>(() => pair.Client.Send(new byte[] { 1 }));
            SocketAssert.BrokenPipe(e);
        }
    }

    [Fact]
    public async Task Read_after_peer_FIN_returns_0_before_and_after_the_reset()
    {
        using var pair = await LoopbackPair.OpenAsync();
        pair.Server.Close();
        Eventually.RequireReadable(pair.Client);
        var buffer = new byte[16];

        Assert.Equal(0, pair.Client.Receive(buffer));

        Assert.Equal(1, pair.Client.Send(new byte[] { 1 }));
        Eventually.RequireResetArrived(pair.Client);

        // The FIN was queued before the RST: reads keep returning 0, the reset shows only on writes.
        Assert.Equal(0, pair.Client.Receive(buffer));
        Assert.Equal(0, pair.Client.Receive(buffer));
    }
}
