using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers.Model;

/// <summary>
/// Everything a rule asks about connections in one compilation: the framework model, connection types declared
/// in <c>.editorconfig</c>, and the project's own code seen through — session types that hold a connection in a
/// field, and summaries of the project's methods (what they do to their instance's connections and to connection
/// arguments, composed through calls to a bounded depth). Thread-safe; summaries are computed lazily and cached.
/// </summary>
public sealed partial class ConnectionSemantics
{
    // The rendezvous of a compilation's analyzers (each rule is its own analyzer, and all share one semantics so that
    // summaries are computed once), as roslyn-analyzers share their per-compilation type providers: a weak table that
    // dies with the compilation, not a cache that outlives it.
    private static readonly ConditionalWeakTable<Compilation, ConnectionSemantics> s_byCompilation = new();

    private readonly ConcurrentDictionary<IMethodSymbol, MethodSummary> _summaries = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<ISymbol, bool> _connectionMembers = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<ITypeSymbol, bool> _sessionTypes = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<System.Type, object> _services = new();
    private ImmutableArray<INamedTypeSymbol> _sourceTypes;

    // Options are read per file: one semantics per distinct set of declarations, so files that share their options
    // (nearly always all of them) share summaries too. Held by the compilation's first semantics.
    private readonly AnalyzerConfigOptionsProvider? _options;
    private readonly ConcurrentDictionary<SyntaxTree, ConnectionSemantics>? _byTree;
    private readonly List<ConnectionSemantics>? _byDeclarations;

    private ConnectionSemantics(ConnectionModel model, DeclaredConnections declared, AnalyzerConfigOptionsProvider? options)
    {
        Model = model;
        Declared = declared;
        _options = options;
        if (options is not null)
        {
            _byTree = new ConcurrentDictionary<SyntaxTree, ConnectionSemantics>();
            _byDeclarations = new List<ConnectionSemantics> { this };
        }
    }

    public ConnectionModel Model { get; }

    public DeclaredConnections Declared { get; }

    public Compilation Compilation => Model.Compilation;

    /// <summary>
    /// The semantics of a compilation, shared by every rule, or null when the compilation cannot involve connections.
    /// Its declarations are the project-wide ones (global options); a rule asks <see cref="ForTree"/> for the
    /// semantics of the file it analyzes.
    /// </summary>
    public static ConnectionSemantics? For(Compilation compilation, AnalyzerOptions options)
    {
        if (s_byCompilation.TryGetValue(compilation, out var existing))
        {
            return existing;
        }

        var model = ConnectionModel.TryCreate(compilation);
        if (model is null)
        {
            return null;
        }

        var provider = options.AnalyzerConfigOptionsProvider;
        return s_byCompilation.GetValue(compilation, _ => new ConnectionSemantics(model, DeclaredConnections.Read(provider.GlobalOptions), provider));
    }

    /// <summary>
    /// The semantics for code in <paramref name="tree"/>: the connection types and methods its .editorconfig section
    /// declares (each key falling back to the project-wide value).
    /// </summary>
    public ConnectionSemantics ForTree(SyntaxTree tree)
    {
        if (_options is null || _byTree is null)
        {
            return this;
        }

        return _byTree.GetOrAdd(tree, t =>
        {
            var declared = DeclaredConnections.Read(_options.GetOptions(t), _options.GlobalOptions);
            lock (_byDeclarations!)
            {
                foreach (var known in _byDeclarations)
                {
                    if (known.Declared.SameAs(declared))
                    {
                        return known;
                    }
                }

                var added = new ConnectionSemantics(Model, declared, options: null);
                _byDeclarations.Add(added);
                return added;
            }
        });
    }

    /// <summary>One instance of a service built on these semantics (what a file's declarations make of the code).</summary>
    public T Service<T>(System.Func<T> create) where T : class =>
        (T)_services.GetOrAdd(typeof(T), _ => create());

    /// <summary>A connection by type: framework, declared, a session type of the project, or an interface all of whose implementations are.</summary>
    public bool IsConnectionType(ITypeSymbol? type)
    {
        if (type is null || type.TypeKind == TypeKind.Error)
        {
            return false;
        }

        return Model.IsConnectionType(type) || Declared.IsConnectionType(type) || IsSessionType(type);
    }

    /// <summary>
    /// A type of the project that holds a connection in an instance field or property ("session"), or an
    /// interface every implementation of which in the compilation is one.
    /// </summary>
    public bool IsSessionType(ITypeSymbol type)
    {
        if (type is not INamedTypeSymbol named || !IsInSource(named) || Model.IsWrapperType(type))
        {
            return false;
        }

        return _sessionTypes.GetOrAdd(named.OriginalDefinition, t => ComputeIsSessionType((INamedTypeSymbol)t, depth: 0));
    }

    /// <summary>A field or property of a type that holds a connection: connection-typed, or a wrapper assigned from one.</summary>
    public bool IsConnectionMember(ISymbol member)
    {
        if (member is not (IFieldSymbol or IPropertySymbol) || member.IsStatic && member is IPropertySymbol)
        {
            return false;
        }

        return _connectionMembers.GetOrAdd(member.OriginalDefinition, m => ComputeIsConnectionMember(m, depth: 0));
    }

    /// <summary>Connection types whose lifetime the leak rule does not check (<c>socket_analyzers.excluded_types</c>).</summary>
    public bool IsExcludedFromOwnership(ITypeSymbol? type) => type is not null && Declared.IsExcluded(type);

    /// <summary>
    /// Whether a call or construction keeps a connection passed as <paramref name="argument"/>: declared in
    /// <c>.editorconfig</c>; a project method whose summary stores or passes it on; any method of another assembly
    /// that is not one of the model's own socket calls (unknown code is assumed to take ownership, never a false alarm).
    /// </summary>
    public bool TakesOwnershipOfArgument(IOperation call, IArgumentOperation argument)
    {
        var method = call switch
        {
            IInvocationOperation invocation => invocation.TargetMethod,
            IObjectCreationOperation creation => creation.Constructor,
            _ => null,
        };
        if (method is null || argument.Parameter is not { } parameter)
        {
            return false;
        }

        if (Declared.IsOwnershipTransfer(method))
        {
            return true;
        }

        if (IsInSource(method))
        {
            return (GetSummary(method).OnParameter(parameter.Ordinal) & CallEffects.HandOff) != 0;
        }

        return Model.Classify(method) == ConnectionOperationKind.None;
    }

    /// <summary>The body operation of a method, accessor or constructor of the compilation (null for metadata or bodiless ones).</summary>
    public IOperation? GetBody(IMethodSymbol method) => IsInSource(method) ? GetBodyOperation(method) : null;

    private IOperation? GetBodyOperation(IMethodSymbol method)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            var syntax = reference.GetSyntax();
            if (!Compilation.ContainsSyntaxTree(syntax.SyntaxTree))
            {
                continue;
            }

            if (GetSemanticModel(syntax.SyntaxTree).GetOperation(syntax) is { } operation)
            {
                return operation;
            }
        }

        return null;
    }

    /// <summary>
    /// The model of another method's tree, for summaries. Not kept here: under the analyzer driver the
    /// compilation hands out the driver's own model of the tree (bound once, shared with every analyzer, and
    /// released when the tree is done); holding it would keep every bound tree of the compilation alive.
    /// Summaries are cached per method, so a tree whose model was released is bound again only for new callees.
    /// </summary>
#pragma warning disable RS1030 // Summaries look into other methods' bodies, through the host's shared models.
    public SemanticModel GetSemanticModel(SyntaxTree tree) => Compilation.GetSemanticModel(tree);
#pragma warning restore RS1030

    private ImmutableArray<INamedTypeSymbol> SourceTypes()
    {
        if (_sourceTypes.IsDefault)
        {
            var builder = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
            var namespaces = new Stack<INamespaceSymbol>();
            namespaces.Push(Compilation.Assembly.GlobalNamespace);
            while (namespaces.Count > 0)
            {
                var current = namespaces.Pop();
                foreach (var child in current.GetNamespaceMembers())
                {
                    namespaces.Push(child);
                }

                var types = new Stack<INamedTypeSymbol>(current.GetTypeMembers());
                while (types.Count > 0)
                {
                    var type = types.Pop();
                    builder.Add(type);
                    foreach (var nested in type.GetTypeMembers())
                    {
                        types.Push(nested);
                    }
                }
            }

            ImmutableInterlocked.InterlockedInitialize(ref _sourceTypes, builder.ToImmutable());
        }

        return _sourceTypes;
    }

    private bool IsInSource(ISymbol symbol) =>
        SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, Compilation.Assembly) && !symbol.DeclaringSyntaxReferences.IsEmpty;

    /// <summary>Every operation below <paramref name="root"/>, not looking into lambdas and local functions (they run on their own).</summary>
    internal static IEnumerable<IOperation> DescendantsOutsideFunctions(IOperation root)
    {
        var stack = new Stack<IOperation>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            yield return current;
            foreach (var child in current.ChildOperations.Reverse())
            {
                if (child is not (IAnonymousFunctionOperation or ILocalFunctionOperation))
                {
                    stack.Push(child);
                }
            }
        }
    }

    /// <summary>Removes conversions and parentheses that do not change which object an expression is.</summary>
    internal static IOperation Strip(IOperation operation)
    {
        while (true)
        {
            switch (operation)
            {
                case IConversionOperation conversion:
                    operation = conversion.Operand;
                    continue;
                case IParenthesizedOperation parenthesized:
                    operation = parenthesized.Operand;
                    continue;
                case IAwaitOperation { Operation: IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } awaited } }:
                    operation = awaited;
                    continue;
                default:
                    return operation;
            }
        }
    }
}
