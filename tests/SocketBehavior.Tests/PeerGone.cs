using System.Net.Sockets;
using SocketAnalyzers.TestSupport.Loopback;
using Xunit;

namespace SocketBehavior.Tests;

/// <summary>Brings <see cref="LoopbackPair.Client"/> into the states a dead peer leaves behind.</summary>
internal static class PeerGone
{
    /// <summary>
    /// The server closes gracefully (FIN); the client writes once, which succeeds, and the closed server answers RST.
    /// Returns when that RST has arrived: the client's next write fails with EPIPE.
    /// </summary>
    public static void ClosedThenWrittenTo(LoopbackPair pair)
    {
        pair.Server.Close();
        Eventually.RequireReadable(pair.Client);
        Assert.Equal(1, pair.Client.Send(new byte[] { 1 }));
        Eventually.RequireResetArrived(pair.Client);
    }

    /// <summary>The server aborts (linger 0, Close: RST). Returns when the RST has arrived, unreported yet.</summary>
    public static void Aborted(LoopbackPair pair)
    {
        pair.Server.LingerState = new LingerOption(true, 0);
        pair.Server.Close();
        Eventually.RequireResetArrived(pair.Client);
    }
}
