using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using SocketAnalyzers.TestSupport.Loopback;
using Xunit;

namespace SocketBehavior.Tests;

/// <summary>Scenario 6: the peer closes and we never close (SOCK006): reads return 0 at once, forever, in CLOSE_WAIT.</summary>
public sealed class CloseWaitTests
{
    private const string CloseWait = "08";

    [LinuxFact]
    public async Task Reads_return_0_at_once_repeatedly_and_the_socket_stays_in_CLOSE_WAIT()
    {
        using var pair = await LoopbackPair.OpenAsync();
        var port = ((IPEndPoint)pair.Client.LocalEndPoint!).Port;
        var peerPort = ((IPEndPoint)pair.Server.LocalEndPoint!).Port;
        pair.Server.Close();
        Eventually.RequireReadable(pair.Client);
        var buffer = new byte[16];

        // A read loop that does not stop on 0 spins: every read returns immediately.
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal(0, pair.Client.Receive(buffer));
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"1000 reads took {clock.Elapsed}: they should not block");
        Assert.Equal(CloseWait, TcpStateOf(port, peerPort));

        // Only our close ends it (the entry leaves the table or moves on to LAST_ACK).
        pair.Client.Close();
        Assert.True(Eventually.Holds(() => TcpStateOf(port, peerPort) != CloseWait), "still in CLOSE_WAIT after Close");
    }

    /// <summary>The state column (hex, 08 = CLOSE_WAIT) of the IPv4 connection between the two ports, or null when it is gone.</summary>
    private static string? TcpStateOf(int localPort, int remotePort)
    {
        var local = ":" + localPort.ToString("X4", CultureInfo.InvariantCulture);
        var remote = ":" + remotePort.ToString("X4", CultureInfo.InvariantCulture);
        return File.ReadLines("/proc/net/tcp")
            .Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length > 3 &&
                             fields[1].EndsWith(local, StringComparison.Ordinal) &&
                             fields[2].EndsWith(remote, StringComparison.Ordinal))
            .Select(fields => fields[3])
            .FirstOrDefault();
    }
}
