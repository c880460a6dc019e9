using System;
using System.Collections.Generic;
using System.Collections.Immutable;

namespace SocketAnalyzers.Model;

/// <summary>
/// How socket errors look when code identifies them the non-portable way: native numbers per OS and the
/// English message texts. Native numbers from Linux errno.h, macOS sys/errno.h and Winsock (WSAE*).
/// </summary>
public static class SocketErrorCatalog
{
    /// <summary>A native number as one OS reports it.</summary>
    public readonly struct NativeCode
    {
        public NativeCode(int number, string os, string name, SocketErrorMeaning meaning)
        {
            Number = number;
            OperatingSystem = os;
            Name = name;
            Meaning = meaning;
        }

        public int Number { get; }
        public string OperatingSystem { get; }
        public string Name { get; }
        public SocketErrorMeaning Meaning { get; }
    }

    /// <summary>
    /// Every native number a SocketException reports for a SocketError that code tests, per OS, with the SocketError
    /// the runtime maps it to (dotnet/runtime SocketErrorPal.Unix.cs; on Windows the number is the SocketError's value).
    /// Linux from asm-generic/errno.h, macOS from sys/errno.h, Windows from winsock2.h (WSA_OPERATION_ABORTED is
    /// ERROR_OPERATION_ABORTED, 995). ESHUTDOWN is SocketError.Disconnecting on Unix, not Shutdown (that is EPIPE).
    /// </summary>
    public static ImmutableArray<NativeCode> NativeCodes { get; } = ImmutableArray.Create(
        new NativeCode(104, "Linux", "ECONNRESET", SocketErrorMeaning.ConnectionReset),
        new NativeCode(54, "macOS", "ECONNRESET", SocketErrorMeaning.ConnectionReset),
        new NativeCode(10054, "Windows", "WSAECONNRESET", SocketErrorMeaning.ConnectionReset),
        new NativeCode(32, "Linux", "EPIPE", SocketErrorMeaning.Shutdown),
        new NativeCode(32, "macOS", "EPIPE", SocketErrorMeaning.Shutdown),
        new NativeCode(10058, "Windows", "WSAESHUTDOWN", SocketErrorMeaning.Shutdown),
        new NativeCode(108, "Linux", "ESHUTDOWN", SocketErrorMeaning.Disconnecting),
        new NativeCode(58, "macOS", "ESHUTDOWN", SocketErrorMeaning.Disconnecting),
        new NativeCode(10101, "Windows", "WSAEDISCON", SocketErrorMeaning.Disconnecting),
        new NativeCode(103, "Linux", "ECONNABORTED", SocketErrorMeaning.ConnectionAborted),
        new NativeCode(53, "macOS", "ECONNABORTED", SocketErrorMeaning.ConnectionAborted),
        new NativeCode(10053, "Windows", "WSAECONNABORTED", SocketErrorMeaning.ConnectionAborted),
        new NativeCode(110, "Linux", "ETIMEDOUT", SocketErrorMeaning.TimedOut),
        new NativeCode(60, "macOS", "ETIMEDOUT", SocketErrorMeaning.TimedOut),
        new NativeCode(10060, "Windows", "WSAETIMEDOUT", SocketErrorMeaning.TimedOut),
        new NativeCode(111, "Linux", "ECONNREFUSED", SocketErrorMeaning.ConnectionRefused),
        new NativeCode(61, "macOS", "ECONNREFUSED", SocketErrorMeaning.ConnectionRefused),
        new NativeCode(10061, "Windows", "WSAECONNREFUSED", SocketErrorMeaning.ConnectionRefused),
        new NativeCode(113, "Linux", "EHOSTUNREACH", SocketErrorMeaning.HostUnreachable),
        new NativeCode(65, "macOS", "EHOSTUNREACH", SocketErrorMeaning.HostUnreachable),
        new NativeCode(10065, "Windows", "WSAEHOSTUNREACH", SocketErrorMeaning.HostUnreachable),
        new NativeCode(101, "Linux", "ENETUNREACH", SocketErrorMeaning.NetworkUnreachable),
        new NativeCode(51, "macOS", "ENETUNREACH", SocketErrorMeaning.NetworkUnreachable),
        new NativeCode(10051, "Windows", "WSAENETUNREACH", SocketErrorMeaning.NetworkUnreachable),
        new NativeCode(107, "Linux", "ENOTCONN", SocketErrorMeaning.NotConnected),
        new NativeCode(57, "macOS", "ENOTCONN", SocketErrorMeaning.NotConnected),
        new NativeCode(10057, "Windows", "WSAENOTCONN", SocketErrorMeaning.NotConnected),
        new NativeCode(98, "Linux", "EADDRINUSE", SocketErrorMeaning.AddressAlreadyInUse),
        new NativeCode(48, "macOS", "EADDRINUSE", SocketErrorMeaning.AddressAlreadyInUse),
        new NativeCode(10048, "Windows", "WSAEADDRINUSE", SocketErrorMeaning.AddressAlreadyInUse),
        new NativeCode(99, "Linux", "EADDRNOTAVAIL", SocketErrorMeaning.AddressNotAvailable),
        new NativeCode(49, "macOS", "EADDRNOTAVAIL", SocketErrorMeaning.AddressNotAvailable),
        new NativeCode(10049, "Windows", "WSAEADDRNOTAVAIL", SocketErrorMeaning.AddressNotAvailable),
        new NativeCode(11, "Linux", "EAGAIN", SocketErrorMeaning.WouldBlock),
        new NativeCode(35, "macOS", "EAGAIN", SocketErrorMeaning.WouldBlock),
        new NativeCode(10035, "Windows", "WSAEWOULDBLOCK", SocketErrorMeaning.WouldBlock),
        new NativeCode(125, "Linux", "ECANCELED", SocketErrorMeaning.OperationAborted),
        new NativeCode(89, "macOS", "ECANCELED", SocketErrorMeaning.OperationAborted),
        new NativeCode(995, "Windows", "WSA_OPERATION_ABORTED", SocketErrorMeaning.OperationAborted),
        new NativeCode(4, "Linux", "EINTR", SocketErrorMeaning.Interrupted),
        new NativeCode(4, "macOS", "EINTR", SocketErrorMeaning.Interrupted),
        new NativeCode(10004, "Windows", "WSAEINTR", SocketErrorMeaning.Interrupted),
        new NativeCode(88, "Linux", "ENOTSOCK", SocketErrorMeaning.NotSocket),
        new NativeCode(38, "macOS", "ENOTSOCK", SocketErrorMeaning.NotSocket),
        new NativeCode(10038, "Windows", "WSAENOTSOCK", SocketErrorMeaning.NotSocket),
        new NativeCode(115, "Linux", "EINPROGRESS", SocketErrorMeaning.InProgress),
        new NativeCode(36, "macOS", "EINPROGRESS", SocketErrorMeaning.InProgress),
        new NativeCode(10036, "Windows", "WSAEINPROGRESS", SocketErrorMeaning.InProgress),
        new NativeCode(114, "Linux", "EALREADY", SocketErrorMeaning.AlreadyInProgress),
        new NativeCode(37, "macOS", "EALREADY", SocketErrorMeaning.AlreadyInProgress),
        new NativeCode(10037, "Windows", "WSAEALREADY", SocketErrorMeaning.AlreadyInProgress),
        new NativeCode(106, "Linux", "EISCONN", SocketErrorMeaning.IsConnected),
        new NativeCode(56, "macOS", "EISCONN", SocketErrorMeaning.IsConnected),
        new NativeCode(10056, "Windows", "WSAEISCONN", SocketErrorMeaning.IsConnected),
        new NativeCode(90, "Linux", "EMSGSIZE", SocketErrorMeaning.MessageSize),
        new NativeCode(40, "macOS", "EMSGSIZE", SocketErrorMeaning.MessageSize),
        new NativeCode(10040, "Windows", "WSAEMSGSIZE", SocketErrorMeaning.MessageSize),
        new NativeCode(105, "Linux", "ENOBUFS", SocketErrorMeaning.NoBufferSpaceAvailable),
        new NativeCode(55, "macOS", "ENOBUFS", SocketErrorMeaning.NoBufferSpaceAvailable),
        new NativeCode(10055, "Windows", "WSAENOBUFS", SocketErrorMeaning.NoBufferSpaceAvailable),
        new NativeCode(100, "Linux", "ENETDOWN", SocketErrorMeaning.NetworkDown),
        new NativeCode(50, "macOS", "ENETDOWN", SocketErrorMeaning.NetworkDown),
        new NativeCode(10050, "Windows", "WSAENETDOWN", SocketErrorMeaning.NetworkDown),
        new NativeCode(102, "Linux", "ENETRESET", SocketErrorMeaning.NetworkReset),
        new NativeCode(52, "macOS", "ENETRESET", SocketErrorMeaning.NetworkReset),
        new NativeCode(10052, "Windows", "WSAENETRESET", SocketErrorMeaning.NetworkReset),
        new NativeCode(112, "Linux", "EHOSTDOWN", SocketErrorMeaning.HostDown),
        new NativeCode(64, "macOS", "EHOSTDOWN", SocketErrorMeaning.HostDown),
        new NativeCode(10064, "Windows", "WSAEHOSTDOWN", SocketErrorMeaning.HostDown),
        new NativeCode(13, "Linux", "EACCES", SocketErrorMeaning.AccessDenied),
        new NativeCode(13, "macOS", "EACCES", SocketErrorMeaning.AccessDenied),
        new NativeCode(10013, "Windows", "WSAEACCES", SocketErrorMeaning.AccessDenied),
        new NativeCode(22, "Linux", "EINVAL", SocketErrorMeaning.InvalidArgument),
        new NativeCode(22, "macOS", "EINVAL", SocketErrorMeaning.InvalidArgument),
        new NativeCode(10022, "Windows", "WSAEINVAL", SocketErrorMeaning.InvalidArgument));

    private static readonly ImmutableDictionary<int, ImmutableArray<NativeCode>> s_codesByNumber = BuildCodesByNumber();

    /// <summary>The OS codes a number stands for, including an HRESULT made from a Winsock code (0x8007xxxx).</summary>
    public static ImmutableArray<NativeCode> LookUpNative(long number)
    {
        // HRESULT_FROM_WIN32(WSAE*), written signed (-2147014842) or unsigned (0x80072746). Only the Winsock range:
        // 0x80070020 is ERROR_SHARING_VIOLATION (a locked file), not EPIPE.
        if ((number & 0xFFFF0000L) == 0x80070000L)
        {
            number &= 0xFFFF;
            if (number < 10000)
            {
                return ImmutableArray<NativeCode>.Empty;
            }
        }

        return number >= int.MinValue && number <= int.MaxValue && s_codesByNumber.TryGetValue((int)number, out var codes)
            ? codes
            : ImmutableArray<NativeCode>.Empty;
    }

    /// <summary>
    /// Whether <paramref name="number"/> is a Winsock code (10000 and up, or an HRESULT made from one): no ordinary value
    /// is one by chance. An errno (4, 11, 104 ...) or a Win32 error (995) is also a count, an index or another API's
    /// error, so only the number a SocketException reports can be read as one.
    /// </summary>
    public static bool IsWinsockNumber(long number)
    {
        if ((number & 0xFFFF0000L) == 0x80070000L)
        {
            number &= 0xFFFF;
        }

        return number is >= 10000 and < 12000;
    }

    /// <summary>The one meaning shared by every OS code of <paramref name="codes"/>, or Unknown.</summary>
    public static SocketErrorMeaning SingleMeaning(ImmutableArray<NativeCode> codes)
    {
        var meaning = SocketErrorMeaning.Unknown;
        foreach (var code in codes)
        {
            if (meaning != SocketErrorMeaning.Unknown && meaning != code.Meaning)
            {
                return SocketErrorMeaning.Unknown;
            }

            meaning = code.Meaning;
        }

        return meaning;
    }

    /// <summary>
    /// English message fragments (Linux/macOS strerror and Windows FormatMessage) and what each means. A fragment
    /// whose meaning is Unknown marks connection-error text that names no single code ("aborted" is said both of a
    /// connection and of a cancelled operation); a specific fragment found beside it wins.
    /// </summary>
    public static ImmutableArray<KeyValuePair<string, SocketErrorMeaning>> MessageFragments { get; } = ImmutableArray.Create(
        new KeyValuePair<string, SocketErrorMeaning>("connection reset", SocketErrorMeaning.ConnectionReset),
        new KeyValuePair<string, SocketErrorMeaning>("reset by peer", SocketErrorMeaning.ConnectionReset),
        new KeyValuePair<string, SocketErrorMeaning>("forcibly closed", SocketErrorMeaning.ConnectionReset),
        new KeyValuePair<string, SocketErrorMeaning>("broken pipe", SocketErrorMeaning.Shutdown),
        // WSAESHUTDOWN: "... had already been shut down in that direction ..." (Shutdown); ESHUTDOWN: "Cannot send after
        // transport endpoint shutdown", which the runtime reports as Disconnecting.
        new KeyValuePair<string, SocketErrorMeaning>("been shut down", SocketErrorMeaning.Shutdown),
        new KeyValuePair<string, SocketErrorMeaning>("endpoint shutdown", SocketErrorMeaning.Disconnecting),
        // ECONNABORTED: "Software caused connection abort"; WSAECONNABORTED: "An established connection was aborted ...".
        new KeyValuePair<string, SocketErrorMeaning>("connection abort", SocketErrorMeaning.ConnectionAborted),
        new KeyValuePair<string, SocketErrorMeaning>("connection was aborted", SocketErrorMeaning.ConnectionAborted),
        // WSA_OPERATION_ABORTED: "The I/O operation has been aborted because of either a thread exit or an application request".
        new KeyValuePair<string, SocketErrorMeaning>("operation has been aborted", SocketErrorMeaning.OperationAborted),
        new KeyValuePair<string, SocketErrorMeaning>("aborted", SocketErrorMeaning.Unknown),
        new KeyValuePair<string, SocketErrorMeaning>("refused", SocketErrorMeaning.ConnectionRefused),
        new KeyValuePair<string, SocketErrorMeaning>("timed out", SocketErrorMeaning.TimedOut),
        new KeyValuePair<string, SocketErrorMeaning>("did not properly respond", SocketErrorMeaning.TimedOut),
        new KeyValuePair<string, SocketErrorMeaning>("host is unreachable", SocketErrorMeaning.HostUnreachable),
        new KeyValuePair<string, SocketErrorMeaning>("no route to host", SocketErrorMeaning.HostUnreachable),
        new KeyValuePair<string, SocketErrorMeaning>("unreachable host", SocketErrorMeaning.HostUnreachable),
        new KeyValuePair<string, SocketErrorMeaning>("network is unreachable", SocketErrorMeaning.NetworkUnreachable),
        new KeyValuePair<string, SocketErrorMeaning>("unreachable network", SocketErrorMeaning.NetworkUnreachable),
        new KeyValuePair<string, SocketErrorMeaning>("not connected", SocketErrorMeaning.NotConnected),
        new KeyValuePair<string, SocketErrorMeaning>("address already in use", SocketErrorMeaning.AddressAlreadyInUse),
        new KeyValuePair<string, SocketErrorMeaning>("only one usage of each socket address", SocketErrorMeaning.AddressAlreadyInUse),
        // Wrapper texts of NetworkStream: a connection error, but no single code.
        new KeyValuePair<string, SocketErrorMeaning>("transport connection", SocketErrorMeaning.Unknown),
        new KeyValuePair<string, SocketErrorMeaning>("reset", SocketErrorMeaning.ConnectionReset));

    /// <summary>
    /// Whether <paramref name="text"/> is (part of) a connection-error message, and the single meaning it names
    /// (Unknown when it names none or several).
    /// </summary>
    public static bool IsConnectionErrorText(string text, out SocketErrorMeaning meaning)
    {
        meaning = SocketErrorMeaning.Unknown;
        var found = false;
        foreach (var fragment in MessageFragments)
        {
            if (text.IndexOf(fragment.Key, StringComparison.OrdinalIgnoreCase) < 0)
            {
                continue;
            }

            found = true;
            if (fragment.Value == SocketErrorMeaning.Unknown || fragment.Value == meaning)
            {
                continue;
            }

            if (meaning != SocketErrorMeaning.Unknown)
            {
                // Two different codes named ("reset|broken pipe"): no single meaning.
                meaning = SocketErrorMeaning.Unknown;
                return true;
            }

            meaning = fragment.Value;
        }

        return found;
    }

    /// <summary>Codes that mean "the peer is gone" on a connected stream socket.</summary>
    public static bool IsPeerGone(SocketErrorMeaning meaning) =>
        meaning is SocketErrorMeaning.ConnectionReset or SocketErrorMeaning.Shutdown or SocketErrorMeaning.ConnectionAborted;

    /// <summary>SocketError member names that are transient: the connection is still usable after them.</summary>
    public static ImmutableHashSet<string> NonFatalSocketErrors { get; } = ImmutableHashSet.Create(
        "TimedOut", "WouldBlock", "Interrupted", "MessageSize", "IOPending", "TryAgain", "InProgress",
        "AlreadyInProgress", "NoBufferSpaceAvailable");

    private static ImmutableDictionary<int, ImmutableArray<NativeCode>> BuildCodesByNumber()
    {
        var builder = new Dictionary<int, ImmutableArray<NativeCode>.Builder>();
        foreach (var code in NativeCodes)
        {
            if (!builder.TryGetValue(code.Number, out var list))
            {
                list = ImmutableArray.CreateBuilder<NativeCode>();
                builder.Add(code.Number, list);
            }

            list.Add(code);
        }

        var result = ImmutableDictionary.CreateBuilder<int, ImmutableArray<NativeCode>>();
        foreach (var pair in builder)
        {
            result.Add(pair.Key, pair.Value.ToImmutable());
        }

        return result.ToImmutable();
    }
}
