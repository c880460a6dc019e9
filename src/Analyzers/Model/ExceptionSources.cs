using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers.Model;

/// <summary>What a piece of code can let escape to a catch around it, as far as connection errors go.</summary>
[Flags]
public enum ConnectionExceptionSources : byte
{
    None = 0,

    /// <summary>
    /// I/O on a connection through a stream, reader or writer (NetworkStream, SslStream, StreamWriter ...): a
    /// socket error surfaces as an <c>IOException</c> whose <c>InnerException</c> is the SocketException.
    /// </summary>
    StreamIo = 1,

    /// <summary>
    /// A call that throws a SocketException itself: Socket, TcpClient, TcpListener, UdpClient and Dns members, a
    /// method of the project that throws or rethrows one, a <c>throw</c> of an expression that may be one.
    /// </summary>
    SocketException = 2,

    /// <summary>Code the analysis cannot see through (broken code, an awaited task of unknown origin, a bodiless project method that touches connections).</summary>
    Unknown = 4,
}

/// <summary>
/// Which exceptions connection code can let escape (<see cref="ConnectionExceptionSources"/>), looking through the
/// project's own methods, constructors and properties to <see cref="ConnectionSemantics.MaxSummaryDepth"/> calls, and
/// into lambdas and local functions (a lambda run by an awaited call throws into the catch). A nested try block whose
/// catch takes the exception without a filter and without throwing does not let that kind escape. One instance per
/// compilation; thread-safe.
/// </summary>
public sealed class ExceptionSources
{
    /// <summary>Members of Socket/TcpClient/TcpListener/UdpClient that never throw a SocketException.</summary>
    private static readonly ImmutableHashSet<string> s_quietSocketMembers = ImmutableHashSet.Create(
        StringComparer.Ordinal,
        "GetStream", "Close", "Dispose", "DisposeAsync", "Connected", "Client", "Server", "Handle", "SafeHandle",
        "AddressFamily", "SocketType", "ProtocolType", "IsBound", "Active", "LocalEndpoint");

    /// <summary>NetworkStream properties that ask the socket (<c>Available</c>, socket options) and so can throw its SocketException.</summary>
    private static readonly ImmutableHashSet<string> s_socketNetworkStreamProperties = ImmutableHashSet.Create(
        StringComparer.Ordinal, "DataAvailable", "ReadTimeout", "WriteTimeout");

    private readonly ConnectionSemantics _semantics;
    private readonly ConcurrentDictionary<IMethodSymbol, Facts> _byMethod = new(SymbolEqualityComparer.Default);
    private readonly ConditionalWeakTable<IOperation, StrongBox<Facts>> _tryBodies = new();
    private readonly INamedTypeSymbol? _dns;
    private readonly INamedTypeSymbol? _socketTaskExtensions;
    private readonly INamedTypeSymbol? _exceptionDispatchInfo;

    private ExceptionSources(ConnectionSemantics semantics)
    {
        _semantics = semantics;
        _dns = semantics.Compilation.GetTypeByMetadataName("System.Net.Dns");
        _socketTaskExtensions = semantics.Compilation.GetTypeByMetadataName("System.Net.Sockets.SocketTaskExtensions");
        _exceptionDispatchInfo = semantics.Compilation.GetTypeByMetadataName("System.Runtime.ExceptionServices.ExceptionDispatchInfo");
    }

    private ConnectionModel Model => _semantics.Model;

    public static ExceptionSources For(ConnectionSemantics semantics) =>
        semantics.Service(() => new ExceptionSources(semantics));

    /// <summary>
    /// What the body of <paramref name="tryOperation"/> can let escape to its catch clauses, and the first operation
    /// of the body (a call written there) that does stream I/O on a connection, directly or through the project's code.
    /// </summary>
    public ConnectionExceptionSources OfTryBody(ITryOperation tryOperation, out IOperation? firstStreamIo)
    {
        var aliases = ValueOrigins.AssignedOnceIn(BodyFacts.RootOf(tryOperation));
        var complete = true;
        var facts = ScanTryBody(tryOperation.Body, aliases, ImmutableHashSet<IMethodSymbol>.Empty, ConnectionSemantics.MaxSummaryDepth, nesting: 0, ref complete);
        firstStreamIo = facts.FirstStreamIo;
        return facts.Sources;
    }

    /// <summary>
    /// Whether the body of <paramref name="tryOperation"/> reaches connections only through streams, readers and
    /// writers: it does stream I/O on a connection (<paramref name="firstStreamIo"/>, the first such call) and
    /// nothing that throws a SocketException itself or that the analysis cannot see through. A connection's error
    /// then reaches the catch clauses as an IOException, never as a SocketException.
    /// </summary>
    public bool ReachesConnectionsOnlyThroughStreams(ITryOperation tryOperation, out IOperation? firstStreamIo) =>
        OfTryBody(tryOperation, out firstStreamIo) == ConnectionExceptionSources.StreamIo && firstStreamIo is not null;

    /// <summary>
    /// The first call written in the body of <paramref name="tryOperation"/> itself (not in a method it calls, not
    /// inside a nested try) that does stream I/O on a connection, when that body also calls, written there, a
    /// member of Socket, TcpClient, TcpListener, UdpClient or Dns that throws a SocketException itself
    /// (<paramref name="socketCall"/>, the first one): a connection's error then reaches the catch clauses as a
    /// SocketException from the one and as an IOException from the other. Null when the body lets escape anything the
    /// analysis cannot see through, or calls code of the project (or throws) what may be a SocketException: such code
    /// may unwrap the stream's IOException.
    /// </summary>
    public IOperation? StreamIoBesideSocketCalls(ITryOperation tryOperation, out IOperation? socketCall)
    {
        socketCall = null;
        if (OfTryBody(tryOperation, out _) != (ConnectionExceptionSources.StreamIo | ConnectionExceptionSources.SocketException))
        {
            return null;
        }

        var aliases = ValueOrigins.AssignedOnceIn(BodyFacts.RootOf(tryOperation));
        var visiting = ImmutableHashSet<IMethodSymbol>.Empty;
        var complete = true;
        IOperation? streamIo = null;
        var stack = new Stack<(IOperation Operation, bool Nested)>();
        stack.Push((tryOperation.Body, false));
        while (stack.Count > 0)
        {
            var (operation, nested) = stack.Pop();
            var found = ConnectionExceptionSources.None;
            switch (operation)
            {
                case ITryOperation inner when operation != tryOperation.Body:
                    // What a nested try lets out depends on its catches: its calls are not counted, its project calls are.
                    stack.Push((inner.Body, true));
                    foreach (var clause in inner.Catches)
                    {
                        stack.Push((clause, nested));
                    }

                    if (inner.Finally is { } finallyBlock)
                    {
                        stack.Push((finallyBlock, nested));
                    }

                    continue;

                case IInvocationOperation invocation when IsInSource(invocation.TargetMethod):
                case IObjectCreationOperation { Constructor: { } constructor } when IsInSource(constructor):
                case IPropertyReferenceOperation { Property: { } property } when IsInSource(property):
                case IThrowOperation:
                    found = Direct(operation, aliases, visiting, ConnectionSemantics.MaxSummaryDepth, ref complete);
                    if ((found & ~ConnectionExceptionSources.StreamIo) != 0 ||
                        operation is IInvocationOperation projectCall && _semantics.ThrowsSocketException(projectCall))
                    {
                        return null;
                    }

                    // Stream I/O inside the project's code is not written here.
                    found = ConnectionExceptionSources.None;
                    break;

                case IInvocationOperation invocation:
                    found = OfInvocation(invocation, aliases, visiting, ConnectionSemantics.MaxSummaryDepth, ref complete);
                    if ((found & ConnectionExceptionSources.Unknown) != 0 ||
                        (found & ConnectionExceptionSources.SocketException) != 0 && !IsSocketCall(invocation.TargetMethod))
                    {
                        // ExceptionDispatchInfo.Throw, a library method that takes a socket: not a Socket call written here.
                        return null;
                    }

                    break;

                case IObjectCreationOperation { Constructor: { } libraryConstructor }
                    when ConnectionModel.InheritsFrom(libraryConstructor.ContainingType, Model.TcpClient) && libraryConstructor.Parameters.Length >= 2:
                    // new TcpClient(host, port) connects.
                    found = ConnectionExceptionSources.SocketException;
                    break;
            }

            if (!nested)
            {
                if ((found & ConnectionExceptionSources.StreamIo) != 0 && streamIo is null)
                {
                    streamIo = operation;
                }

                if ((found & ConnectionExceptionSources.SocketException) != 0 && socketCall is null)
                {
                    socketCall = operation;
                }
            }

            foreach (var child in operation.ChildOperations.Reverse())
            {
                stack.Push((child, nested));
            }
        }

        if (streamIo is null || socketCall is null)
        {
            socketCall = null;
            return null;
        }

        return streamIo;
    }

    /// <summary>Whether a catch of <paramref name="caught"/> (null: <c>catch { }</c>) takes an exception of type <paramref name="thrown"/>.</summary>
    public static bool Catches(ITypeSymbol? caught, INamedTypeSymbol? thrown) =>
        caught is null || caught.SpecialType == SpecialType.System_Object || ConnectionModel.InheritsFrom(thrown, caught as INamedTypeSymbol);

    private Facts OfMethod(IMethodSymbol method, ImmutableHashSet<IMethodSymbol> visiting, int depth, ref bool complete)
    {
        method = method.OriginalDefinition;
        if (_byMethod.TryGetValue(method, out var cached))
        {
            return cached;
        }

        if (visiting.Contains(method))
        {
            // Recursion: what the method does is being collected further up.
            return Facts.None;
        }

        var body = _semantics.GetBody(method);
        if (body is null || depth <= 0)
        {
            complete &= body is null;
            // Not seen through: if it does anything to a connection, it may be a SocketException.
            return _semantics.GetSummary(method).IsEmpty ? Facts.None : new Facts(ConnectionExceptionSources.Unknown, null);
        }

        var calleeComplete = true;
        var facts = Scan(body, ValueOrigins.AssignedOnceIn(body), visiting.Add(method), depth - 1, nesting: 0, ref calleeComplete);
        if (calleeComplete)
        {
            _byMethod.TryAdd(method, facts);
        }

        complete &= calleeComplete;
        return facts;
    }

    /// <summary>
    /// <see cref="Scan"/> of a try block, remembered for the block when scanned from the method's own body (not
    /// inside a callee's summary) and complete: every try statement around it asks again, which made nested
    /// try/catch quadratic in the nesting depth. Held weakly by the block, like the operation tree.
    /// </summary>
    /// <param name="nesting">Try statements around this one in the scan; beyond <see cref="OperationChains.MaxNesting"/> the body is <see cref="ConnectionExceptionSources.Unknown"/>.</param>
    private Facts ScanTryBody(IOperation body, IReadOnlyDictionary<ILocalSymbol, IOperation> aliases, ImmutableHashSet<IMethodSymbol> visiting, int depth, int nesting, ref bool complete)
    {
        if (nesting > OperationChains.MaxNesting)
        {
            return new Facts(ConnectionExceptionSources.Unknown, null);
        }

        var remembered = visiting.IsEmpty && depth == ConnectionSemantics.MaxSummaryDepth;
        if (remembered && _tryBodies.TryGetValue(body, out var known))
        {
            return known.Value;
        }

        var bodyComplete = true;
        var facts = Scan(body, aliases, visiting, depth, nesting, ref bodyComplete);
        if (remembered && bodyComplete)
        {
            _tryBodies.GetValue(body, _ => new StrongBox<Facts>(facts));
        }

        complete &= bodyComplete;
        return facts;
    }

    private Facts Scan(IOperation root, IReadOnlyDictionary<ILocalSymbol, IOperation> aliases, ImmutableHashSet<IMethodSymbol> visiting, int depth, int nesting, ref bool complete)
    {
        var sources = ConnectionExceptionSources.None;
        IOperation? firstStreamIo = null;

        void Add(ConnectionExceptionSources found, IOperation at)
        {
            if ((found & ConnectionExceptionSources.StreamIo) != 0 && firstStreamIo is null)
            {
                firstStreamIo = at;
            }

            sources |= found;
        }

        var stack = new Stack<IOperation>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var operation = stack.Pop();
            if (operation != root && operation is ITryOperation nested)
            {
                // The nested body on its own, less what its catches take for good; its catches and finally run unprotected.
                var inner = ScanTryBody(nested.Body, aliases, visiting, depth, nesting + 1, ref complete);
                Add(inner.Sources & ~Shielded(nested), inner.FirstStreamIo ?? nested);
                foreach (var clause in nested.Catches)
                {
                    stack.Push(clause);
                }

                if (nested.Finally is { } finallyBlock)
                {
                    stack.Push(finallyBlock);
                }

                continue;
            }

            Add(Direct(operation, aliases, visiting, depth, ref complete), operation);
            foreach (var child in operation.ChildOperations.Reverse())
            {
                stack.Push(child);
            }
        }

        return new Facts(sources, firstStreamIo);
    }

    /// <summary>What one operation throws by itself (its children are scanned separately).</summary>
    private ConnectionExceptionSources Direct(IOperation operation, IReadOnlyDictionary<ILocalSymbol, IOperation> aliases, ImmutableHashSet<IMethodSymbol> visiting, int depth, ref bool complete)
    {
        switch (operation)
        {
            case IInvalidOperation:
                return ConnectionExceptionSources.Unknown;

            case IInvocationOperation invocation:
                return OfInvocation(invocation, aliases, visiting, depth, ref complete);

            case IObjectCreationOperation { Constructor: { } constructor }:
                if (IsSocketFamily(constructor.ContainingType))
                {
                    // new TcpClient(host, port) connects; new Socket(...) can fail to create the descriptor.
                    return ConnectionExceptionSources.SocketException;
                }

                return IsInSource(constructor) ? OfMethod(constructor, visiting, depth, ref complete).Sources : ConnectionExceptionSources.None;

            case IPropertyReferenceOperation { Property: { } property }:
                return OfProperty(property, visiting, depth, ref complete);

            case IThrowOperation { Exception: { } thrown }:
                // throw e.InnerException, throw new SocketException(...): anything that may be a SocketException.
                return MayBeSocketException(ConnectionSemantics.Strip(thrown).Type) ? ConnectionExceptionSources.SocketException : ConnectionExceptionSources.None;

            case IAwaitOperation { Operation: { } awaited }:
                return IsOfUnknownOrigin(awaited, aliases) ? ConnectionExceptionSources.Unknown : ConnectionExceptionSources.None;

            default:
                return ConnectionExceptionSources.None;
        }
    }

    private ConnectionExceptionSources OfInvocation(IInvocationOperation invocation, IReadOnlyDictionary<ILocalSymbol, IOperation> aliases, ImmutableHashSet<IMethodSymbol> visiting, int depth, ref bool complete)
    {
        var method = invocation.TargetMethod;
        if (IsInSource(method))
        {
            var facts = OfMethod(method, visiting, depth, ref complete).Sources;
            return _semantics.ThrowsSocketException(invocation) ? facts | ConnectionExceptionSources.SocketException : facts;
        }

        var type = method.ContainingType;
        if (IsSocketFamily(type) && !s_quietSocketMembers.Contains(method.Name) ||
            SymbolEqualityComparer.Default.Equals(type, _dns) ||
            SymbolEqualityComparer.Default.Equals(type, _socketTaskExtensions) ||
            SymbolEqualityComparer.Default.Equals(type, _exceptionDispatchInfo) && method.Name == "Throw")
        {
            return ConnectionExceptionSources.SocketException;
        }

        var result = ConnectionExceptionSources.None;
        if (IsDeclaredConnection(type) || invocation.Instance is { } declaredReceiver && IsDeclaredConnection(ConnectionSemantics.Strip(declaredReceiver).Type))
        {
            // A connection type declared in .editorconfig: whether it throws SocketException or IOException is not known.
            result |= ConnectionExceptionSources.Unknown;
        }
        else if (invocation.Instance is { } instance && IsStreamIo(method, ConnectionSemantics.Strip(instance), aliases))
        {
            result |= ConnectionExceptionSources.StreamIo;
        }

        foreach (var argument in invocation.Arguments)
        {
            // What the declaration takes (a generic List<T>.Add(T) takes no stream even when T is one).
            var declared = argument.Parameter?.OriginalDefinition.Type;
            var value = ConnectionSemantics.Strip(argument.Value);
            if (IsDeclaredConnection(value.Type))
            {
                result |= ConnectionExceptionSources.Unknown;
            }
            else if (IsSocketFamily(declared))
            {
                // A library method that works on a socket may throw its SocketException.
                result |= ConnectionExceptionSources.SocketException;
            }
            else if ((Model.IsWrapperType(declared) || Model.IsConnectionType(declared)) && Model.MayBeConnection(value, aliases))
            {
                // stream.CopyTo(networkStream), JsonSerializer.Serialize(networkStream, ...): the stream's IOException.
                result |= ConnectionExceptionSources.StreamIo;
            }
        }

        return result;
    }

    private bool IsStreamIo(IMethodSymbol method, IOperation receiver, IReadOnlyDictionary<ILocalSymbol, IOperation> aliases)
    {
        if (method.Name is "Close" or "Dispose" or "DisposeAsync")
        {
            return false;
        }

        var type = receiver.Type;
        if (ConnectionModel.InheritsFrom(type, Model.NetworkStream) || ConnectionModel.InheritsFrom(type, Model.SslStream))
        {
            // Reads, writes, the TLS handshake and ShutdownAsync all go through the stream.
            return ConnectionModel.InheritsFrom(method.ContainingType, Model.Stream);
        }

        return Model.IsWrapperType(type) &&
               Model.Classify(method) is ConnectionOperationKind.Read or ConnectionOperationKind.Write &&
               Model.MayBeConnection(receiver, aliases);
    }

    private ConnectionExceptionSources OfProperty(IPropertySymbol property, ImmutableHashSet<IMethodSymbol> visiting, int depth, ref bool complete)
    {
        if (IsInSource(property))
        {
            var sources = ConnectionExceptionSources.None;
            foreach (var accessor in new[] { property.GetMethod, property.SetMethod })
            {
                if (accessor is not null)
                {
                    sources |= OfMethod(accessor, visiting, depth, ref complete).Sources;
                }
            }

            return sources;
        }

        var type = property.ContainingType;
        if (IsSocketFamily(type) && !s_quietSocketMembers.Contains(property.Name) ||
            ConnectionModel.InheritsFrom(type, Model.NetworkStream) && s_socketNetworkStreamProperties.Contains(property.Name))
        {
            // Available, RemoteEndPoint, socket options: they ask the socket, which throws its SocketException.
            return ConnectionExceptionSources.SocketException;
        }

        return ConnectionExceptionSources.None;
    }

    /// <summary>An awaited task the code does not create here (a local, field or parameter assigned elsewhere) may carry any exception.</summary>
    private static bool IsOfUnknownOrigin(IOperation awaited, IReadOnlyDictionary<ILocalSymbol, IOperation> aliases)
    {
        for (var steps = 0; steps < 8; steps++)
        {
            awaited = ConnectionSemantics.Strip(awaited);
            if (awaited is ILocalReferenceOperation local && aliases.TryGetValue(local.Local, out var value))
            {
                awaited = value;
                continue;
            }

            if (awaited is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } configured })
            {
                awaited = configured;
                continue;
            }

            return awaited is ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation;
        }

        return true;
    }

    /// <summary>The kinds a nested try's catches take for good: a clause without a filter whose handler throws nothing.</summary>
    private ConnectionExceptionSources Shielded(ITryOperation nested)
    {
        var shielded = ConnectionExceptionSources.None;
        foreach (var clause in nested.Catches)
        {
            if (clause.Filter is not null || ContainsThrow(clause.Handler))
            {
                continue;
            }

            if (Catches(clause.ExceptionType, Model.IOException))
            {
                shielded |= ConnectionExceptionSources.StreamIo;
            }

            if (Catches(clause.ExceptionType, Model.SocketException))
            {
                shielded |= ConnectionExceptionSources.SocketException;
            }
        }

        return shielded;
    }

    private static bool ContainsThrow(IOperation handler)
    {
        foreach (var operation in ConnectionSemantics.DescendantsOutsideFunctions(handler))
        {
            if (operation is IThrowOperation)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A SocketException or a type it derives from (Win32Exception, ExternalException, SystemException, Exception).</summary>
    private bool MayBeSocketException(ITypeSymbol? type) =>
        type is null || type.TypeKind == TypeKind.Error ||
        Model.IsSocketException(type) || ConnectionModel.InheritsFrom(Model.SocketException, type as INamedTypeSymbol);

    private bool IsDeclaredConnection(ITypeSymbol? type) =>
        type is not null && type.TypeKind != TypeKind.Error && !Model.IsConnectionType(type) && !Model.IsWrapperType(type) &&
        _semantics.Declared.IsConnectionType(type);

    /// <summary>A method of Socket, TcpClient, TcpListener, UdpClient, Dns or SocketTaskExtensions that throws a SocketException itself.</summary>
    private bool IsSocketCall(IMethodSymbol method) =>
        IsSocketFamily(method.ContainingType) && !s_quietSocketMembers.Contains(method.Name) ||
        SymbolEqualityComparer.Default.Equals(method.ContainingType, _dns) ||
        SymbolEqualityComparer.Default.Equals(method.ContainingType, _socketTaskExtensions);

    private bool IsSocketFamily(ITypeSymbol? type) =>
        type is not null && (
            ConnectionModel.InheritsFrom(type, Model.Socket) || ConnectionModel.InheritsFrom(type, Model.TcpClient) ||
            ConnectionModel.InheritsFrom(type, Model.TcpListener) || ConnectionModel.InheritsFrom(type, Model.UdpClient));

    private bool IsInSource(ISymbol symbol) =>
        SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, _semantics.Compilation.Assembly) && !symbol.DeclaringSyntaxReferences.IsEmpty;

    private readonly struct Facts
    {
        public static readonly Facts None = new(ConnectionExceptionSources.None, null);

        public Facts(ConnectionExceptionSources sources, IOperation? firstStreamIo)
        {
            Sources = sources;
            FirstStreamIo = firstStreamIo;
        }

        public ConnectionExceptionSources Sources { get; }

        public IOperation? FirstStreamIo { get; }
    }
}
