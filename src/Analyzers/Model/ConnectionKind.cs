namespace SocketAnalyzers.Model;

/// <summary>
/// The kinds of connection a type makes a variable, in the order of ownership: a variable of an earlier kind owns the
/// connection the later ones alias (a <c>Socket</c> under its <c>NetworkStream</c> under a <c>StreamWriter</c>), so the
/// names of one connection are listed in this order (<see cref="ValueOrigins.KindOf(Microsoft.CodeAnalysis.ITypeSymbol?)"/>).
/// </summary>
public enum ConnectionKind
{
    /// <summary>A <c>Socket</c>, <c>TcpClient</c> or <c>WebSocket</c>: the endpoint itself.</summary>
    Endpoint = 0,

    /// <summary>A <c>NetworkStream</c>, the stream over a socket.</summary>
    NetworkStream = 1,

    /// <summary>Any other connection type: <c>SslStream</c>, one declared in <c>.editorconfig</c>, a session type of the project.</summary>
    OtherConnection = 2,

    /// <summary>A stream that is not itself a connection type (it may wrap one).</summary>
    Stream = 3,

    /// <summary>Anything else: readers, writers, types that are no connection.</summary>
    Other = 4,
}
