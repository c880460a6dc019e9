using System;
using System.Net.Sockets;

namespace SocketAnalyzers.Demo;

/// <summary>Decides whether an error means the other side went away.</summary>
internal static class Disconnects
{
    public static bool IsPeerGone(Exception error)
    {
        return error.Message.Contains("Connection reset by peer") // SOCK003: the message is worded differently on Windows (and translated there)
            || error.Message.Contains("Broken pipe") // SOCK003: Windows words this error differently, in the user's UI language
            || error is SocketException { ErrorCode: 10054 or 104 }; // SOCK003: native numbers differ per OS (macOS resets are 54)
    }
}
