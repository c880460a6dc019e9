using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers.Model;

/// <summary>
/// What the early bail-outs of several rules ask of a body (a method's root operation, its lambdas and local
/// functions included), found in one walk of its operations: most bodies of a project involve no connection, and
/// each rule walking them on its own cost a walk per rule.
/// </summary>
public sealed class BodyFacts
{
    private BodyFacts(bool namesConnection, bool namesSocketError, bool readsExceptionDetail, ImmutableArray<(IInvocationOperation Read, object? EndValue)> endOfStreamReads)
    {
        NamesConnection = namesConnection;
        NamesSocketError = namesSocketError;
        ReadsExceptionDetail = readsExceptionDetail;
        EndOfStreamReads = endOfStreamReads;
    }

    /// <summary>
    /// Whether the body names a connection: a local or parameter of a connection type, or a connection member of
    /// <c>this</c> (<see cref="ValueOrigins.HoldsConnection"/>); the flow analysis finds nothing in a body that
    /// names none. A declarator counts: in the graph it is an assignment to its local (<c>var client =
    /// listener.AcceptTcpClient();</c> with the local never read again).
    /// </summary>
    public bool NamesConnection { get; }

    /// <summary>
    /// Whether the body names a member of <c>SocketError</c> or reads a <c>SocketError</c> as a number: a check of which
    /// error occurred needs one.
    /// </summary>
    public bool NamesSocketError { get; }

    /// <summary>
    /// Whether the body reads an exception's number (<c>ErrorCode</c>, <c>NativeErrorCode</c>, <c>HResult</c>) or text
    /// (<c>Message</c>, <c>ToString()</c>): every check of an error by its native number or its text starts from one of these.
    /// </summary>
    public bool ReadsExceptionDetail { get; }

    /// <summary>The framework reads on an instance whose result tells the end of the stream, in document order.</summary>
    public ImmutableArray<(IInvocationOperation Read, object? EndValue)> EndOfStreamReads { get; }

    /// <summary>
    /// The facts of the body whose root operation is <paramref name="root"/>, walked once per body for every rule
    /// of the compilation (kept in the compilation's <see cref="SharedAnalysisState"/>).
    /// </summary>
    public static BodyFacts Of(IOperation root, ConnectionSemantics semantics)
    {
        var table = semantics.Model.Shared.BodyFacts;
        if (table.TryGetValue(root, out var known))
        {
            return known;
        }

        var facts = Collect(root, semantics);
        // Another thread may have stored the same body's facts meanwhile: every rule reads the same ones.
        return table.GetValue(root, _ => facts);
    }

    /// <summary>The root of the tree an operation belongs to: the body the driver hands every analyzer.</summary>
    public static IOperation RootOf(IOperation operation)
    {
        var root = operation;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        return root;
    }

    private static BodyFacts Collect(IOperation root, ConnectionSemantics semantics)
    {
        var model = semantics.Model;
        var namesConnection = false;
        var namesSocketError = false;
        var readsExceptionDetail = false;
        HashSet<ISymbol>? judged = null;
        var origins = ValueOrigins.Of(root, semantics);
        ImmutableArray<(IInvocationOperation, object?)>.Builder? reads = null;

        // Pre-order, children pushed last to first: the reads come out in document order.
        var pending = new Stack<IOperation>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var operation = pending.Pop();
            switch (operation)
            {
                case IInvocationOperation { Instance: not null } invocation:
                    if (ReadEndOfStream.TryGetEndValue(ReadEndOfStream.Of(invocation, model), out var endValue))
                    {
                        (reads ??= ImmutableArray.CreateBuilder<(IInvocationOperation, object?)>()).Add((invocation, endValue));
                    }

                    readsExceptionDetail |= model.IsExceptionToString(invocation);
                    break;
                case IPropertyReferenceOperation { Property: var property }:
                    readsExceptionDetail |= model.IsNativeErrorNumberProperty(property) || model.IsExceptionMessageProperty(property);
                    break;
                case IFieldReferenceOperation { Field: var field } when model.IsSocketErrorType(field.ContainingType) && field.HasConstantValue:
                    namesSocketError = true;
                    break;
                case IConversionOperation { IsImplicit: false } conversion
                    when model.IsSocketErrorType(conversion.Operand.Type) ? IsIntegral(conversion.Type) : model.IsSocketErrorType(conversion.Type) && conversion.Operand.ConstantValue.HasValue:
                    // (int)e.SocketErrorCode == 10054, (SocketError)10054: a number compared with a code names the member of that value.
                    namesSocketError = true;
                    break;
            }

            if (!namesConnection && NamedSymbol(operation) is { } symbol && !IsNeverConnectionType(ValueOrigins.TypeOf(symbol), semantics))
            {
                judged ??= new HashSet<ISymbol>(SymbolEqualityComparer.Default);
                namesConnection = judged.Add(symbol) && origins.HoldsConnection(symbol);
            }

            foreach (var child in operation.ChildOperations.Reverse())
            {
                pending.Push(child);
            }
        }

        return new BodyFacts(namesConnection, namesSocketError, readsExceptionDetail, reads?.ToImmutable() ?? ImmutableArray<(IInvocationOperation, object?)>.Empty);
    }

    private static bool IsIntegral(ITypeSymbol? type) => type?.SpecialType is >= SpecialType.System_SByte and <= SpecialType.System_UInt64;

    private static ISymbol? NamedSymbol(IOperation operation) => operation switch
    {
        IVariableDeclaratorOperation declarator => declarator.Symbol,
        ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation => ValueOrigins.VariableOf(operation),
        _ => null,
    };

    /// <summary>
    /// Most names in ordinary code are of types no connection check can accept — <c>int</c>, <c>string</c>, enums,
    /// arrays, type parameters — unless <c>.editorconfig</c> declares connection types by name: skipped without
    /// asking (every such check walks base types and is the bulk of the bail-out's cost).
    /// </summary>
    private static bool IsNeverConnectionType(ITypeSymbol? type, ConnectionSemantics semantics) =>
        type is null ||
        semantics.Declared.Types.IsEmpty &&
        (type.SpecialType != SpecialType.None ||
         type.TypeKind is TypeKind.Enum or TypeKind.TypeParameter or TypeKind.Array or TypeKind.Pointer or TypeKind.Error or TypeKind.Dynamic);
}
