using System;
using System.IO;
using System.Net.Sockets;
using System.Threading.Tasks;
using Xunit;

namespace SocketBehavior.Tests;

/// <summary>Assertions on the exact shape of what .NET throws.</summary>
internal static class SocketAssert
{
    /// <summary>The codes a write may see for a peer that is gone on any OS (Linux: Shutdown/ConnectionReset; Windows also ConnectionAborted).</summary>
    private static readonly SocketError[] PeerGone = { SocketError.Shutdown, SocketError.ConnectionReset, SocketError.ConnectionAborted };

    /// <summary>
    /// On Linux: exactly <paramref name="linux"/> with errno <paramref name="errno"/> and its strerror text.
    /// Elsewhere: one of the "peer is gone" codes (the exact one differs; see docs/socket-errors.md).
    /// </summary>
    public static void PeerGoneError(SocketException e, SocketError linux, int errno)
    {
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(linux, e.SocketErrorCode);
            Assert.Equal(errno, e.NativeErrorCode);
            Assert.Equal(errno switch { 32 => "Broken pipe", 104 => "Connection reset by peer", _ => e.Message }, e.Message);
        }
        else
        {
            Assert.Contains(e.SocketErrorCode, PeerGone);
        }
    }

    /// <summary>EPIPE on a write: SocketError.Shutdown (32, "Broken pipe") on Linux.</summary>
    public static void BrokenPipe(SocketException e) => PeerGoneError(e, SocketError.Shutdown, 32);

    /// <summary>ECONNRESET: SocketError.ConnectionReset (104) on Linux.</summary>
    public static void ConnectionReset(SocketException e) => PeerGoneError(e, SocketError.ConnectionReset, 104);

    /// <summary>A stream's failure: an IOException (not a SocketException) wrapping the SocketException.</summary>
    public static SocketException WrappedSocketError(Exception? e)
    {
        Assert.NotNull(e);
        Assert.IsType<IOException>(e);
        return Assert.IsType<SocketException>(e!.InnerException);
    }

    /// <summary>The exception <paramref name="action"/> throws, or null.</summary>
    public static Exception? Capture(Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    /// <summary>The exception <paramref name="read"/> throws, or null; the count it returns is not needed.</summary>
    public static Exception? Capture<T>(Func<T> read) => Capture(() => { GC.KeepAlive(read()); });

    public static Task<Exception?> CaptureAsync<T>(Func<ValueTask<T>> read) => CaptureAsync(async () => { GC.KeepAlive(await read()); });

    public static async Task<Exception?> CaptureAsync(Func<Task> action)
    {
        try
        {
            await action();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }
}

/// <summary>
/// Runs I/O inside <c>try { } catch (SocketException) { } catch (IOException) { }</c> and says which clause ran,
/// the way application code would have written it.
/// </summary>
internal static class CatchClause
{
    public const string SocketException = "catch (SocketException)";
    public const string IOException = "catch (IOException)";
    public const string None = "no exception";

    public static string Which(Action io)
    {
        try
        {
            io();
            return None;
        }
        catch (SocketException)
        {
            return SocketException;
        }
        catch (IOException)
        {
            return IOException;
        }
    }

    public static async Task<string> WhichAsync(Func<Task> io)
    {
        try
        {
            await io();
            return None;
        }
        catch (SocketException)
        {
            return SocketException;
        }
        catch (IOException)
        {
            return IOException;
        }
    }
}
