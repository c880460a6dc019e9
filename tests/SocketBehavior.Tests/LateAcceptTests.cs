using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using SocketAnalyzers.TestSupport.Loopback;
using Xunit;

namespace SocketBehavior.Tests;

/// <summary>
/// Scenario 7: a server that accepts late. The kernel completes the handshake before Accept, so a client that
/// connected and closed is still in the accept queue, with its FIN already received: Accept returns a socket
/// in CLOSE_WAIT. It behaves exactly like scenario 1: the first write is accepted (the client's closed socket
/// answers it with RST), the next one fails with broken pipe, and reads return 0.
/// </summary>
public sealed class LateAcceptTests
{
    [Fact]
    public async Task Connection_closed_before_Accept_is_accepted_first_write_succeeds_second_fails_with_broken_pipe()
    {
        using var listener = LoopbackPair.Listen();
        using (var client = LoopbackPair.NewSocket())
        {
            using var cancellation = new CancellationTokenSource(LoopbackPair.DefaultTimeout);
            await client.ConnectAsync(listener.LocalEndPoint!, cancellation.Token);
        }

        using var accepted = await AcceptAsync(listener);
        Eventually.RequireReadable(accepted);

        Assert.Equal(1, accepted.Send(new byte[] { 1 }));
        Eventually.RequireResetArrived(accepted);
        var e = Assert.Throws<SocketException>(() => accepted.Send(new byte[] { 1 }));
        SocketAssert.BrokenPipe(e);
        Assert.Equal(0, accepted.Receive(new byte[16]));
    }

    [LinuxFact]
    public async Task Connection_aborted_before_Accept_is_accepted_and_its_read_fails_with_ConnectionReset()
    {
        using var listener = LoopbackPair.Listen();
        using (var client = LoopbackPair.NewSocket())
        {
            using var cancellation = new CancellationTokenSource(LoopbackPair.DefaultTimeout);
            await client.ConnectAsync(listener.LocalEndPoint!, cancellation.Token);
            client.LingerState = new LingerOption(true, 0);
        }

        // Linux keeps the reset connection in the accept queue (BSD may fail accept with ECONNABORTED instead).
        using var accepted = await AcceptAsync(listener);
        Eventually.RequireResetArrived(accepted);
        var e = Assert.Throws<SocketException>(() => accepted.Receive(new byte[16]));
        SocketAssert.ConnectionReset(e);
    }

    private static async Task<Socket> AcceptAsync(Socket listener)
    {
        using var cancellation = new CancellationTokenSource(LoopbackPair.DefaultTimeout);
        var accepted = await listener.AcceptAsync(cancellation.Token);
        LoopbackPair.SetTimeouts(accepted, LoopbackPair.DefaultTimeout);
        return accepted;
    }
}
