using System;
using System.Diagnostics;
using System.Net.Sockets;
using System.Threading;

namespace SocketAnalyzers.TestSupport.Loopback;

/// <summary>
/// Bounded polling instead of fixed sleeps: a condition is checked every few milliseconds until it holds
/// or the deadline passes. Fast on an idle machine, still correct on a loaded one.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(5);

    /// <summary>True as soon as <paramref name="condition"/> holds; false when <paramref name="timeout"/> passes first.</summary>
    public static bool Holds(Func<bool> condition, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        var limit = timeout ?? LoopbackPair.DefaultTimeout;
        while (true)
        {
            if (condition())
            {
                return true;
            }

            if (clock.Elapsed >= limit)
            {
                return false;
            }

            Thread.Sleep(Interval);
        }
    }

    /// <summary>Waits for <paramref name="condition"/>; throws <see cref="TimeoutException"/> naming <paramref name="what"/> when it never holds.</summary>
    public static void Require(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        if (!Holds(condition, timeout))
        {
            throw new TimeoutException($"Timed out waiting until {what}.");
        }
    }

    /// <summary>
    /// Waits until a reset (RST) from the peer has reached <paramref name="socket"/>, without consuming the
    /// pending error: on Linux, poll() reports POLLERR once the kernel has recorded ECONNRESET/EPIPE for the socket,
    /// and Poll(SelectError) reads that flag; SO_ERROR would clear it and change what the next call returns.
    /// </summary>
    public static void RequireResetArrived(Socket socket, TimeSpan? timeout = null)
    {
        if (OperatingSystem.IsLinux())
        {
            Require(() => socket.Poll(0, SelectMode.SelectError), "the peer's reset has arrived", timeout);
        }
        else
        {
            // Winsock/BSD report a received RST differently in select(); give loopback time to deliver it.
            Thread.Sleep(100);
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> bytes wait unread in <paramref name="socket"/>'s receive buffer.</summary>
    public static void RequireAvailable(Socket socket, int count, TimeSpan? timeout = null) =>
        Require(() => socket.Available >= count, $"{count} bytes are readable", timeout);

    /// <summary>Waits until <paramref name="socket"/> is readable: data or the peer's FIN (a read would not block).</summary>
    public static void RequireReadable(Socket socket, TimeSpan? timeout = null) =>
        Require(() => socket.Poll(0, SelectMode.SelectRead), "the socket is readable (data or end of stream)", timeout);
}
