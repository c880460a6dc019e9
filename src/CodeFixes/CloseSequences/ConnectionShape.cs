using Microsoft.CodeAnalysis;
using SocketAnalyzers.Model;

namespace SocketAnalyzers.CodeFixes.CloseSequences;

/// <summary>
/// What kind of object a close sequence closes; it decides which calls end the connection.
/// Pass the outermost object that buffers (the writer over the stream, not the stream under it).
/// </summary>
internal enum ConnectionShape
{
    /// <summary><c>System.Net.Sockets.Socket</c>.</summary>
    Socket,

    /// <summary><c>System.Net.Sockets.TcpClient</c>; the stream from <c>GetStream()</c> is closed with it.</summary>
    TcpClient,

    /// <summary>
    /// A <c>Stream</c> (NetworkStream, SslStream, a buffering stream over one) or a <c>TextWriter</c>/<c>BinaryWriter</c>
    /// over one: it may hold bytes that must be flushed, and disposing it flushes.
    /// </summary>
    StreamOrWriter,

    /// <summary>A <c>TextReader</c>/<c>BinaryReader</c> over a connection: nothing to flush.</summary>
    Reader,
}

internal static class ConnectionShapes
{
    /// <summary>
    /// The shape of an expression of type <paramref name="type"/>, or null when no close sequence fits
    /// (not a connection type, an error type, a WebSocket: closing one needs an async handshake).
    /// </summary>
    public static ConnectionShape? Of(ITypeSymbol? type, ConnectionModel model)
    {
        if (type is null || type.TypeKind == TypeKind.Error)
        {
            return null;
        }

        if (ConnectionModel.InheritsFrom(type, model.Socket))
        {
            return ConnectionShape.Socket;
        }

        if (ConnectionModel.InheritsFrom(type, model.TcpClient))
        {
            return ConnectionShape.TcpClient;
        }

        if (ConnectionModel.InheritsFrom(type, model.Stream) ||
            ConnectionModel.InheritsFrom(type, model.TextWriter) ||
            ConnectionModel.InheritsFrom(type, model.BinaryWriter))
        {
            return ConnectionShape.StreamOrWriter;
        }

        if (ConnectionModel.InheritsFrom(type, model.TextReader) ||
            ConnectionModel.InheritsFrom(type, model.BinaryReader))
        {
            return ConnectionShape.Reader;
        }

        return null;
    }
}
