using System;
using System.IO;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using SocketAnalyzers.TestSupport.Loopback;
using Xunit;

namespace SocketBehavior.Tests;

/// <summary>
/// Scenario 5: the server closes while the client's request is still unread in its receive buffer (SOCK008).
/// Linux answers such a close with RST instead of FIN, unless a Shutdown(Send|Both) already sent the FIN.
/// The peer here is the client: it reads the response and then whatever ended the connection.
/// </summary>
public sealed class CloseWithUnreadDataTests
{
    public enum CloseKind
    {
        SocketClose,
        SocketDispose,
        ShutdownSendThenClose,
        ShutdownBothThenClose,
        ShutdownReceiveThenClose,
        TcpClientClose,
        OwningNetworkStreamDispose,
        NonOwningNetworkStreamDisposeThenSocketClose,
    }

    [Theory]
    [InlineData(CloseKind.SocketClose, PeerEnd.Reset)]
    [InlineData(CloseKind.SocketDispose, PeerEnd.Reset)]
    [InlineData(CloseKind.ShutdownReceiveThenClose, PeerEnd.Reset)]
    [InlineData(CloseKind.NonOwningNetworkStreamDisposeThenSocketClose, PeerEnd.Reset)]
    [InlineData(CloseKind.ShutdownSendThenClose, PeerEnd.EndOfStream)]
    [InlineData(CloseKind.ShutdownBothThenClose, PeerEnd.EndOfStream)]
    // TcpClient.Dispose and an owning NetworkStream's Dispose call Shutdown(Both) themselves before closing.
    [InlineData(CloseKind.TcpClientClose, PeerEnd.EndOfStream)]
    [InlineData(CloseKind.OwningNetworkStreamDispose, PeerEnd.EndOfStream)]
    public async Task Peer_reads_the_response_then_sees(CloseKind close, PeerEnd expected)
    {
        using var pair = await LoopbackPair.OpenAsync();
        using var peer = new LoopbackPeer(pair.Client);
        peer.Send("request");
        Eventually.RequireAvailable(pair.Server, "request".Length);

        pair.Server.Send(Encoding.UTF8.GetBytes("response"));
        Close(pair.Server, close);

        var seen = peer.ReadToEnd();
        Assert.Equal("response", seen.ReceivedText);
        if (OperatingSystem.IsLinux() || expected == PeerEnd.EndOfStream)
        {
            Assert.Equal(expected, seen.End);
        }
    }

    [Fact]
    public async Task Close_with_nothing_unread_sends_a_clean_end_of_stream()
    {
        using var pair = await LoopbackPair.OpenAsync();
        using var peer = new LoopbackPeer(pair.Client);

        pair.Server.Send(Encoding.UTF8.GetBytes("response"));
        pair.Server.Close();

        var seen = peer.ReadToEnd();
        Assert.Equal("response", seen.ReceivedText);
        Assert.Equal(PeerEnd.EndOfStream, seen.End);
    }

    [LinuxFact]
    public async Task Shutdown_first_does_not_save_data_the_kernel_has_not_transmitted_yet()
    {
        // The limit of the normal-end sequence: the RST that follows a close with unread input discards our
        // unsent bytes. The peer does not read while the server fills both socket buffers, then closes.
        using var pair = await LoopbackPair.OpenAsync();
        using var peer = new LoopbackPeer(pair.Client);
        peer.Send("request");
        Eventually.RequireAvailable(pair.Server, "request".Length);
        pair.Server.Blocking = false;
        var accepted = 0;
        var chunk = new byte[64 * 1024];
        while (true)
        {
            var sent = pair.Server.Send(chunk, 0, chunk.Length, SocketFlags.None, out var error);
            if (error == SocketError.WouldBlock)
            {
                break;
            }

            Assert.Equal(SocketError.Success, error);
            accepted += sent;
        }

        pair.Server.Shutdown(SocketShutdown.Both);
        pair.Server.Close();

        var seen = peer.ReadToEnd();
        Assert.Equal(PeerEnd.Reset, seen.End);
        Assert.True(seen.Received.Length < accepted, $"the peer read all {accepted} bytes");
    }

    private static void Close(Socket server, CloseKind close)
    {
        switch (close)
        {
            case CloseKind.SocketClose:
                server.Close();
                break;
            case CloseKind.SocketDispose:
                server.Dispose();
                break;
            case CloseKind.ShutdownSendThenClose:
                server.Shutdown(SocketShutdown.Send);
                server.Close();
                break;
            case CloseKind.ShutdownBothThenClose:
                server.Shutdown(SocketShutdown.Both);
                server.Close();
                break;
            case CloseKind.ShutdownReceiveThenClose:
                server.Shutdown(SocketShutdown.Receive);
                server.Close();
                break;
            case CloseKind.TcpClientClose:
                new TcpClient { Client = server }.Close();
                break;
            case CloseKind.OwningNetworkStreamDispose:
                new NetworkStream(server, ownsSocket: true).Dispose();
                break;
            case CloseKind.NonOwningNetworkStreamDisposeThenSocketClose:
                new NetworkStream(server, ownsSocket: false).Dispose();
                server.Close();
                break;
            default:
                throw new InvalidDataException(close.ToString());
        }
    }
}
