namespace SocketAnalyzers.Model;

/// <summary>What a call does to the connection it is made on.</summary>
public enum ConnectionOperationKind
{
    None,
    Read,
    Write,
    /// <summary><c>Socket.Shutdown</c>; which direction is in the argument.</summary>
    Shutdown,
    /// <summary>Close, Dispose, DisposeAsync, WebSocket.CloseAsync/Abort: the connection is released.</summary>
    Close,
    Connect,
    /// <summary>Returns a new connection (Accept*, AcceptTcpClient*, EndAccept).</summary>
    Accept,
}
