using System.Net.Sockets;
using System.Threading.Tasks;
using SocketAnalyzers.TestSupport.Loopback;
using Xunit;

namespace SocketBehavior.Tests;

/// <summary>Scenario 3: we shut down our sending side and write anyway (SOCK007).</summary>
public sealed class WriteAfterOwnShutdownTests
{
    [Theory]
    [InlineData(SocketShutdown.Send)]
    [InlineData(SocketShutdown.Both)]
    public async Task Write_after_own_Shutdown_fails_with_Shutdown_every_time(SocketShutdown how)
    {
        using var pair = await LoopbackPair.OpenAsync();
        pair.Client.Shutdown(how);

        for (var attempt = 0; attempt < 3; attempt++)
        {
            var e = Assert.Throws<SocketException>(() => pair.Client.Send(new byte[] { 1 }));
            if (System.OperatingSystem.IsLinux())
            {
                Assert.Equal(SocketError.Shutdown, e.SocketErrorCode);
                Assert.Equal(32, e.NativeErrorCode);
            }
            else
            {
                // WSAESHUTDOWN 10058 on Windows, EPIPE 32 on macOS: SocketError.Shutdown on both.
                Assert.Equal(SocketError.Shutdown, e.SocketErrorCode);
            }
        }

        // The peer, alive and well, saw a clean end of stream.
        Assert.Equal(0, pair.Server.Receive(new byte[16]));
    }
}
