namespace SocketAnalyzers.Model;

/// <summary>
/// What a socket error says about the connection. The names are <c>System.Net.Sockets.SocketError</c>
/// member names, so a meaning can be written back as <c>SocketError.X</c> in a fix.
/// </summary>
public enum SocketErrorMeaning
{
    Unknown,
    /// <summary>The peer aborted (RST): ECONNRESET.</summary>
    ConnectionReset,
    /// <summary>Broken pipe (EPIPE), or a write after our own Shutdown(Send): surfaces as SocketError.Shutdown.</summary>
    Shutdown,
    /// <summary>The local stack aborted the connection: ECONNABORTED.</summary>
    ConnectionAborted,
    TimedOut,
    ConnectionRefused,
    HostUnreachable,
    NetworkUnreachable,
    NotConnected,
    AddressAlreadyInUse,
    /// <summary>The operation was cancelled locally (socket closed while it was pending): ECANCELED / WSA_OPERATION_ABORTED.</summary>
    OperationAborted,
    /// <summary>ESHUTDOWN on Linux and macOS, WSAEDISCON on Windows (a send after the transport endpoint shut down).</summary>
    Disconnecting,
    /// <summary>A non-blocking call could not complete now: EAGAIN / WSAEWOULDBLOCK.</summary>
    WouldBlock,
    /// <summary>A blocking call was interrupted: EINTR / WSAEINTR.</summary>
    Interrupted,
    /// <summary>The handle is not a socket: ENOTSOCK / WSAENOTSOCK.</summary>
    NotSocket,
    AddressNotAvailable,
    InProgress,
    AlreadyInProgress,
    IsConnected,
    MessageSize,
    NoBufferSpaceAvailable,
    NetworkDown,
    NetworkReset,
    HostDown,
    AccessDenied,
    InvalidArgument,
}
