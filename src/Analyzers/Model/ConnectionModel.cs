using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers.Model;

/// <summary>
/// The one model of TCP connections every rule asks: which types are connections, what a call does to one,
/// how wrappers alias and own what they wrap, and which exception types can carry a socket error.
/// Created once per compilation (in a CompilationStartAction); <see cref="TryCreate"/> returns null when the
/// compilation cannot use sockets at all, so rules register nothing. What exception types and SocketError values
/// mean is in ConnectionModel.Exceptions.cs.
/// </summary>
public sealed partial class ConnectionModel
{
    private ConnectionModel(Compilation compilation)
    {
        Compilation = compilation;
        Socket = compilation.GetTypeByMetadataName("System.Net.Sockets.Socket");
        TcpClient = compilation.GetTypeByMetadataName("System.Net.Sockets.TcpClient");
        TcpListener = compilation.GetTypeByMetadataName("System.Net.Sockets.TcpListener");
        UdpClient = compilation.GetTypeByMetadataName("System.Net.Sockets.UdpClient");
        NetworkStream = compilation.GetTypeByMetadataName("System.Net.Sockets.NetworkStream");
        SslStream = compilation.GetTypeByMetadataName("System.Net.Security.SslStream");
        WebSocket = compilation.GetTypeByMetadataName("System.Net.WebSockets.WebSocket");
        SocketException = compilation.GetTypeByMetadataName("System.Net.Sockets.SocketException");
        SocketError = compilation.GetTypeByMetadataName("System.Net.Sockets.SocketError");
        SocketShutdown = compilation.GetTypeByMetadataName("System.Net.Sockets.SocketShutdown");
        SocketAsyncEventArgs = compilation.GetTypeByMetadataName("System.Net.Sockets.SocketAsyncEventArgs");
        LingerOption = compilation.GetTypeByMetadataName("System.Net.Sockets.LingerOption");
        WebSocketException = compilation.GetTypeByMetadataName("System.Net.WebSockets.WebSocketException");
        Win32Exception = compilation.GetTypeByMetadataName("System.ComponentModel.Win32Exception");
        ExternalException = compilation.GetTypeByMetadataName("System.Runtime.InteropServices.ExternalException");
        IOException = compilation.GetTypeByMetadataName("System.IO.IOException");
        Exception = compilation.GetTypeByMetadataName("System.Exception");
        AggregateException = compilation.GetTypeByMetadataName("System.AggregateException");
        Stream = compilation.GetTypeByMetadataName("System.IO.Stream");
        TextWriter = compilation.GetTypeByMetadataName("System.IO.TextWriter");
        TextReader = compilation.GetTypeByMetadataName("System.IO.TextReader");
        BinaryWriter = compilation.GetTypeByMetadataName("System.IO.BinaryWriter");
        BinaryReader = compilation.GetTypeByMetadataName("System.IO.BinaryReader");
        FileStream = compilation.GetTypeByMetadataName("System.IO.FileStream");
        MemoryStream = compilation.GetTypeByMetadataName("System.IO.MemoryStream");
        PipeStream = compilation.GetTypeByMetadataName("System.IO.Pipes.PipeStream");
        _lineageByType = LineageByType();
    }

    private readonly Dictionary<INamedTypeSymbol, Lineage> _lineageByType;
    private readonly ConcurrentDictionary<ITypeSymbol, Lineage> _lineages = new(SymbolEqualityComparer.Default);

    public Compilation Compilation { get; }

    /// <summary>What the rules of this compilation compute once and share: services and per-body results.</summary>
    internal SharedAnalysisState Shared { get; } = new();

    public INamedTypeSymbol? Socket { get; }
    public INamedTypeSymbol? TcpClient { get; }
    public INamedTypeSymbol? TcpListener { get; }
    public INamedTypeSymbol? UdpClient { get; }
    public INamedTypeSymbol? NetworkStream { get; }
    public INamedTypeSymbol? SslStream { get; }
    public INamedTypeSymbol? WebSocket { get; }
    public INamedTypeSymbol? SocketException { get; }
    public INamedTypeSymbol? SocketError { get; }
    public INamedTypeSymbol? SocketShutdown { get; }
    public INamedTypeSymbol? SocketAsyncEventArgs { get; }
    public INamedTypeSymbol? LingerOption { get; }
    public INamedTypeSymbol? WebSocketException { get; }
    public INamedTypeSymbol? Win32Exception { get; }
    public INamedTypeSymbol? ExternalException { get; }
    public INamedTypeSymbol? IOException { get; }
    public INamedTypeSymbol? Exception { get; }
    public INamedTypeSymbol? AggregateException { get; }
    public INamedTypeSymbol? Stream { get; }
    public INamedTypeSymbol? TextWriter { get; }
    public INamedTypeSymbol? TextReader { get; }
    public INamedTypeSymbol? BinaryWriter { get; }
    public INamedTypeSymbol? BinaryReader { get; }
    public INamedTypeSymbol? FileStream { get; }
    public INamedTypeSymbol? MemoryStream { get; }
    public INamedTypeSymbol? PipeStream { get; }

    /// <summary>The model, or null when the compilation has no sockets (nothing for any rule to do).</summary>
    public static ConnectionModel? TryCreate(Compilation compilation)
    {
        var model = new ConnectionModel(compilation);
        return model.Socket is null && model.TcpClient is null && model.WebSocket is null ? null : model;
    }

    /// <summary>
    /// A connection by its own type: Socket, TcpClient, NetworkStream, SslStream, WebSocket (and subclasses).
    /// Streams, readers and writers are connections only when they wrap one (see <see cref="TryGetWrappedConnection"/>).
    /// </summary>
    public bool IsConnectionType(ITypeSymbol? type) => (LineageOf(type) & Lineage.Connection) != 0;

    /// <summary>A type that can wrap a connection: a Stream, TextWriter/TextReader or BinaryWriter/BinaryReader.</summary>
    public bool IsWrapperType(ITypeSymbol? type) => (LineageOf(type) & Lineage.Wrapper) != 0;

    /// <summary>A type that is never a connection even though it is a stream (FileStream, MemoryStream, PipeStream).</summary>
    public bool IsNeverConnection(ITypeSymbol? type) => (LineageOf(type) & Lineage.NeverConnection) != 0;

    /// <summary>
    /// Which of the model's types a type is or derives from, found in one walk of its base types and remembered:
    /// every rule asks these three questions of most types it meets, often of the same type many times.
    /// </summary>
    private Lineage LineageOf(ITypeSymbol? type)
    {
        if (type is null)
        {
            return Lineage.None;
        }

        // A constructed type (List<Order>) derives from what its definition (List<T>) derives from, and the
        // definition is cheaper to hash and shared by every construction.
        type = type.OriginalDefinition;
        if (_lineages.TryGetValue(type, out var known))
        {
            return known;
        }

        var lineage = Lineage.None;
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.OriginalDefinition is INamedTypeSymbol named && _lineageByType.TryGetValue(named, out var found))
            {
                lineage |= found;
            }
        }

        _lineages.TryAdd(type, lineage);
        return lineage;
    }

    private Dictionary<INamedTypeSymbol, Lineage> LineageByType()
    {
        var byType = new Dictionary<INamedTypeSymbol, Lineage>(SymbolEqualityComparer.Default);
        void Add(INamedTypeSymbol? type, Lineage lineage)
        {
            if (type is not null)
            {
                byType[type] = lineage;
            }
        }

        Add(Socket, Lineage.Socket);
        Add(TcpClient, Lineage.TcpClient);
        Add(NetworkStream, Lineage.NetworkStream);
        Add(SslStream, Lineage.SslStream);
        Add(WebSocket, Lineage.WebSocket);
        Add(Stream, Lineage.Stream);
        Add(TextWriter, Lineage.TextWriter);
        Add(TextReader, Lineage.TextReader);
        Add(BinaryWriter, Lineage.BinaryWriter);
        Add(BinaryReader, Lineage.BinaryReader);
        Add(FileStream, Lineage.FileStream);
        Add(MemoryStream, Lineage.MemoryStream);
        Add(UdpClient, Lineage.UdpClient);
        Add(PipeStream, Lineage.PipeStream);
        Add(TcpListener, Lineage.TcpListener);
        return byType;
    }

    [Flags]
    private enum Lineage : ushort
    {
        None = 0,
        Socket = 1 << 0,
        TcpClient = 1 << 1,
        NetworkStream = 1 << 2,
        SslStream = 1 << 3,
        WebSocket = 1 << 4,
        Stream = 1 << 5,
        TextWriter = 1 << 6,
        TextReader = 1 << 7,
        BinaryWriter = 1 << 8,
        BinaryReader = 1 << 9,
        FileStream = 1 << 10,
        MemoryStream = 1 << 11,
        UdpClient = 1 << 12,
        PipeStream = 1 << 13,
        TcpListener = 1 << 14,

        Connection = Socket | TcpClient | NetworkStream | SslStream | WebSocket,
        Wrapper = Stream | TextWriter | TextReader | BinaryWriter | BinaryReader,
        NeverConnection = FileStream | MemoryStream | UdpClient | PipeStream,
    }

    /// <summary>What <paramref name="method"/> does to the object it is called on, judged by its containing type.</summary>
    public ConnectionOperationKind Classify(IMethodSymbol method)
    {
        var type = method.ContainingType;
        if (type is null || method.MethodKind != MethodKind.Ordinary)
        {
            return ConnectionOperationKind.None;
        }

        // One remembered lookup of the type's lineage: this runs for most calls every rule meets.
        var lineage = LineageOf(type);
        if (lineage == Lineage.None)
        {
            return ConnectionOperationKind.None;
        }

        var name = method.Name;
        if (IsCloseName(name))
        {
            return (lineage & (Lineage.Wrapper | Lineage.Connection | Lineage.TcpListener)) != 0
                ? ConnectionOperationKind.Close
                : ConnectionOperationKind.None;
        }

        if ((lineage & Lineage.Socket) != 0)
        {
            if (StartsWithAny(name, "Send", "BeginSend", "EndSend"))
                return ConnectionOperationKind.Write;
            if (StartsWithAny(name, "Receive", "BeginReceive", "EndReceive"))
                return ConnectionOperationKind.Read;
            if (name == "Shutdown")
                return ConnectionOperationKind.Shutdown;
            if (name is "Disconnect" or "DisconnectAsync" or "BeginDisconnect")
                return ConnectionOperationKind.Close;
            if (StartsWithAny(name, "Connect", "BeginConnect", "EndConnect"))
                return ConnectionOperationKind.Connect;
            if (StartsWithAny(name, "Accept", "EndAccept"))
                return ConnectionOperationKind.Accept;
            return ConnectionOperationKind.None;
        }

        if ((lineage & Lineage.TcpListener) != 0)
        {
            return StartsWithAny(name, "AcceptSocket", "AcceptTcpClient", "EndAcceptSocket", "EndAcceptTcpClient")
                ? ConnectionOperationKind.Accept
                : ConnectionOperationKind.None;
        }

        if ((lineage & Lineage.TcpClient) != 0)
        {
            return StartsWithAny(name, "Connect", "BeginConnect", "EndConnect")
                ? ConnectionOperationKind.Connect
                : ConnectionOperationKind.None;
        }

        if ((lineage & Lineage.WebSocket) != 0)
        {
            if (name == "SendAsync")
                return ConnectionOperationKind.Write;
            if (name == "ReceiveAsync")
                return ConnectionOperationKind.Read;
            if (name is "CloseAsync" or "CloseOutputAsync" or "Abort")
                return ConnectionOperationKind.Close;
            return ConnectionOperationKind.None;
        }

        if ((lineage & Lineage.Stream) != 0)
        {
            if (StartsWithAny(name, "Write", "BeginWrite", "EndWrite", "Flush"))
                return ConnectionOperationKind.Write;
            if (StartsWithAny(name, "Read", "BeginRead", "EndRead", "CopyTo"))
                return ConnectionOperationKind.Read;
            return ConnectionOperationKind.None;
        }

        if ((lineage & (Lineage.TextWriter | Lineage.BinaryWriter)) != 0)
        {
            return StartsWithAny(name, "Write", "Flush") ? ConnectionOperationKind.Write : ConnectionOperationKind.None;
        }

        if ((lineage & (Lineage.TextReader | Lineage.BinaryReader)) != 0)
        {
            return StartsWithAny(name, "Read", "Peek") ? ConnectionOperationKind.Read : ConnectionOperationKind.None;
        }

        return ConnectionOperationKind.None;
    }

    /// <summary>
    /// When <paramref name="operation"/> makes an alias of a connection — <c>new NetworkStream(s)</c>,
    /// <c>client.GetStream()</c>, <c>new SslStream(ns)</c>, <c>new StreamWriter(ns)</c> ... — the operation of the
    /// wrapped object and whether the new object owns it (disposing it closes the wrapped one).
    /// </summary>
    public bool TryGetWrappedConnection(IOperation operation, out IOperation wrapped, out bool ownsWrapped)
    {
        wrapped = null!;
        ownsWrapped = false;
        switch (operation)
        {
            case IInvocationOperation { TargetMethod.Name: "GetStream", Instance: { } instance } invocation
                when InheritsFrom(invocation.TargetMethod.ContainingType, TcpClient):
                // TcpClient.GetStream() returns new NetworkStream(Client, ownsSocket: true).
                wrapped = instance;
                ownsWrapped = true;
                return true;

            case IObjectCreationOperation { Constructor: { } constructor } creation when IsWrapperType(creation.Type):
                IArgumentOperation? inner = null;
                foreach (var argument in creation.Arguments)
                {
                    if (argument.Parameter is { Ordinal: 0 } parameter &&
                        (IsWrapperType(parameter.Type) || InheritsFrom(parameter.Type, Socket)))
                    {
                        inner = argument;
                    }
                }

                if (inner is null)
                {
                    return false;
                }

                wrapped = inner.Value;
                ownsWrapped = OwnsWrapped(creation, constructor);
                return true;

            default:
                return false;
        }
    }

    /// <summary>
    /// What a framework extension method does to the socket it extends (its first argument):
    /// <c>System.Net.Sockets.SocketTaskExtensions</c> (netstandard2.0, .NET Framework) provides
    /// <c>SendAsync</c>/<c>ReceiveAsync</c>/<c>ConnectAsync</c>/<c>AcceptAsync</c> there instead of on Socket.
    /// </summary>
    public ConnectionOperationKind ClassifySocketExtension(IMethodSymbol method)
    {
        if (!method.IsExtensionMethod || method.Parameters.IsEmpty || !InheritsFrom(method.Parameters[0].Type, Socket) ||
            method.ContainingType is not { Name: "SocketTaskExtensions" } extensions ||
            extensions.ContainingNamespace?.ToDisplayString() != "System.Net.Sockets")
        {
            return ConnectionOperationKind.None;
        }

        var name = method.Name;
        if (StartsWithAny(name, "Send"))
            return ConnectionOperationKind.Write;
        if (StartsWithAny(name, "Receive"))
            return ConnectionOperationKind.Read;
        if (StartsWithAny(name, "Connect"))
            return ConnectionOperationKind.Connect;
        if (StartsWithAny(name, "Accept"))
            return ConnectionOperationKind.Accept;
        return ConnectionOperationKind.None;
    }

    /// <summary>
    /// <c>tcpClient.Client</c>: the socket of a TcpClient is the same connection as the client (it is not a wrapper
    /// that owns anything, so it is kept apart from <see cref="TryGetWrappedConnection"/>).
    /// </summary>
    public bool TryGetClientOfSocket(IOperation operation, out IOperation client)
    {
        if (operation is IPropertyReferenceOperation { Property.Name: "Client", Instance: { } instance } property &&
            InheritsFrom(property.Property.ContainingType, TcpClient))
        {
            client = instance;
            return true;
        }

        client = null!;
        return false;
    }

    /// <summary>
    /// Whether the stream, reader or writer <paramref name="value"/> evaluates to may be (or wrap) a connection.
    /// False only when its origin is known and is not one: a FileStream/MemoryStream/PipeStream, a wrapper built
    /// over such a thing or over a path, or a stream handed out by a framework API that is not a connection API
    /// (<c>Process.StandardInput</c>, <c>Console.OpenStandardOutput()</c>, <c>File.OpenWrite(...)</c>). Parameters,
    /// the project's own fields, properties and methods are unknown origins, so they may be connections.
    /// <paramref name="localValues"/> maps single-assignment locals to their value.
    /// </summary>
    public bool MayBeConnection(IOperation? value, IReadOnlyDictionary<ILocalSymbol, IOperation> localValues)
    {
        for (var steps = 0; value is not null && steps < 8; steps++)
        {
            while (value is IConversionOperation or IParenthesizedOperation)
            {
                value = value is IConversionOperation conversion ? conversion.Operand : ((IParenthesizedOperation)value).Operand;
            }

            var type = value.Type;
            if (IsNeverConnection(type))
            {
                return false;
            }

            if (IsConnectionType(type))
            {
                return true;
            }

            if (!IsWrapperType(type))
            {
                // Not a stream, reader or writer (or not typed at all): nothing says it is a connection.
                return false;
            }

            switch (value)
            {
                case ILocalReferenceOperation local:
                    if (!localValues.TryGetValue(local.Local, out var assigned))
                    {
                        return true;
                    }

                    value = assigned;
                    continue;

                case IObjectCreationOperation or IInvocationOperation when TryGetWrappedConnection(value, out var wrapped, out _):
                    value = wrapped;
                    continue;

                case IObjectCreationOperation:
                    // new StreamWriter(path), new NamedPipeClientStream(...), new BufferedStream(...) over nothing known.
                    return false;

                case IInvocationOperation invocation:
                    return IsInSource(invocation.TargetMethod);

                case IPropertyReferenceOperation { Instance: { } instance } property when !IsInSource(property.Property) && IsWrapperType(instance.Type):
                    // writer.BaseStream, sslStream.InnerStream: the stream underneath.
                    value = instance;
                    continue;

                case IMemberReferenceOperation member:
                    return IsInSource(member.Member);

                default:
                    return true;
            }
        }

        return true;
    }

    private static bool IsInSource(ISymbol symbol) => !symbol.DeclaringSyntaxReferences.IsEmpty;

    /// <summary>
    /// A value that is a raw <c>Socket</c> (conversions aside): the only thing whose close sends a reset when input
    /// is unread. <c>TcpClient</c> and an owning <c>NetworkStream</c> shut both directions down before they close.
    /// </summary>
    public bool IsRawSocket(IOperation? value) => value is not null && IsRawSocketType(ConnectionSemantics.Strip(value).Type);

    /// <summary>A <c>Socket</c> or a subclass (see <see cref="IsRawSocket"/>).</summary>
    public bool IsRawSocketType(ITypeSymbol? type) => (LineageOf(type) & Lineage.Socket) != 0;

    /// <summary>A <c>Stream</c> or a type derived from it.</summary>
    public bool IsStreamType(ITypeSymbol? type) => (LineageOf(type) & Lineage.Stream) != 0;

    /// <summary>A <c>TextReader</c> or a type derived from it.</summary>
    public bool IsTextReaderType(ITypeSymbol? type) => (LineageOf(type) & Lineage.TextReader) != 0;

    /// <summary>A <c>BinaryReader</c> or a type derived from it.</summary>
    public bool IsBinaryReaderType(ITypeSymbol? type) => (LineageOf(type) & Lineage.BinaryReader) != 0;

    public static bool InheritsFrom(ITypeSymbol? type, INamedTypeSymbol? baseType)
    {
        if (baseType is null)
        {
            return false;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType))
            {
                return true;
            }
        }

        return false;
    }

    private bool OwnsWrapped(IObjectCreationOperation creation, IMethodSymbol constructor)
    {
        foreach (var parameter in constructor.Parameters)
        {
            var value = ConstantBoolArgument(creation, parameter);
            switch (parameter.Name)
            {
                case "ownsSocket":
                case "ownsStream":
                    // Unknown (non-constant) ownership is taken as owning: the safer side for leak reports.
                    return value ?? true;
                case "leaveOpen":
                case "leaveInnerStreamOpen":
                    return !(value ?? false);
            }
        }

        // new NetworkStream(socket) without ownsSocket does not own the socket; other wrappers own their stream.
        return !InheritsFrom(constructor.ContainingType, NetworkStream);
    }

    private static bool? ConstantBoolArgument(IObjectCreationOperation creation, IParameterSymbol parameter)
    {
        foreach (var argument in creation.Arguments)
        {
            if (SymbolEqualityComparer.Default.Equals(argument.Parameter, parameter))
            {
                return argument.Value.ConstantValue is { HasValue: true, Value: bool b } ? b : null;
            }
        }

        return parameter.HasExplicitDefaultValue && parameter.ExplicitDefaultValue is bool d ? d : null;
    }

    private static bool IsCloseName(string name) =>
        name is "Close" or "Dispose" or "DisposeAsync";

    private static bool StartsWithAny(string name, params string[] prefixes)
    {
        foreach (var prefix in prefixes)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
