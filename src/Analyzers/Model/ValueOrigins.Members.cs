using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers.Model;

/// <summary>The origin of fields and parameters: what their type's constructors, or their method's callers, put in them.</summary>
internal sealed partial class ValueOrigins
{
    private const int MaxWrapSteps = 8;

    /// <summary>
    /// Whether a stream, reader or writer member is given a connection where its type is built: some assignment in
    /// a constructor (or a static one) of its type assigns it a connection-typed value, directly or through wrappers
    /// and locals assigned once. One such assignment is enough (the member may hold a connection).
    /// </summary>
    public static bool IsAssignedConnectionInType(ISymbol member, ConnectionSemantics semantics)
    {
        foreach (var constructor in member.ContainingType.InstanceConstructors.Concat(member.ContainingType.StaticConstructors))
        {
            if (semantics.GetBody(constructor) is not { } body)
            {
                continue;
            }

            var locals = AssignedOnceIn(body);
            foreach (var operation in ConnectionSemantics.DescendantsOutsideFunctions(body))
            {
                if (operation is ISimpleAssignmentOperation assignment &&
                    ConnectionSemantics.Strip(assignment.Target) is IMemberReferenceOperation reference &&
                    SymbolEqualityComparer.Default.Equals(reference.Member.OriginalDefinition, member.OriginalDefinition) &&
                    WrapsConnectionTypedValue(assignment.Value, locals, semantics))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Whether every call of the parameter's method passes it a connection (a connection-typed value, or one whose
    /// origin is a connection). Only for a parameter whose callers are all known: of an ordinary private or internal
    /// method that overrides and implements nothing and is never named but to be called (no method group), and called
    /// at least once. The calls are found through each file's <see cref="InvocationIndex"/>.
    /// </summary>
    public bool IsPassedConnectionByEveryCaller(IParameterSymbol parameter, CancellationToken cancellationToken)
    {
        if (parameter.RefKind != RefKind.None || parameter.IsParams || parameter.ContainingSymbol is not IMethodSymbol method ||
            !HasOnlyKnownCallers(method))
        {
            return false;
        }

        var calls = CallSites(method, _semantics, cancellationToken);
        if (calls.IsEmpty || ScopeOf(method, _semantics.Compilation).Any(tree => InvocationIndex.Of(tree, cancellationToken).NamesOtherwise(method.Name)))
        {
            return false;
        }

        foreach (var call in calls)
        {
            var argument = call.Arguments.FirstOrDefault(candidate => candidate.Parameter?.Ordinal == parameter.Ordinal);
            if (argument is null || argument.ArgumentKind != ArgumentKind.Explicit || !IsConnectionValue(argument.Value))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Every call of <paramref name="method"/> written in the code that can call it (its type's files for a private
    /// method, else the compilation), found by name in each file's <see cref="InvocationIndex"/> and confirmed by binding.
    /// </summary>
    public static ImmutableArray<IInvocationOperation> CallSites(IMethodSymbol method, ConnectionSemantics semantics, CancellationToken cancellationToken)
    {
        method = method.OriginalDefinition;
        var builder = ImmutableArray.CreateBuilder<IInvocationOperation>();
        foreach (var tree in ScopeOf(method, semantics.Compilation))
        {
            var candidates = InvocationIndex.Of(tree, cancellationToken).Calling(method.Name);
            if (candidates.IsEmpty)
            {
                continue;
            }

            var model = semantics.GetSemanticModel(tree);
            foreach (var syntax in candidates)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (model.GetOperation(syntax, cancellationToken) is IInvocationOperation invocation &&
                    SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.OriginalDefinition, method))
                {
                    builder.Add(invocation);
                }
            }
        }

        return builder.ToImmutable();
    }

    /// <summary>The files whose code can call <paramref name="method"/>, in the compilation's order.</summary>
    private static IEnumerable<SyntaxTree> ScopeOf(IMethodSymbol method, Compilation compilation)
    {
        if (method.DeclaredAccessibility != Accessibility.Private)
        {
            return compilation.SyntaxTrees;
        }

        // A private member is called only from its type's declarations (nested types included).
        var declaring = new HashSet<SyntaxTree>(method.ContainingType.DeclaringSyntaxReferences.Select(reference => reference.SyntaxTree));
        return compilation.SyntaxTrees.Where(declaring.Contains);
    }

    private bool HasOnlyKnownCallers(IMethodSymbol method) =>
        method.MethodKind == MethodKind.Ordinary && method.DeclaredAccessibility is Accessibility.Private or Accessibility.Internal &&
        !method.IsOverride && !method.IsVirtual && !method.IsAbstract && !method.IsExtern && method.ExplicitInterfaceImplementations.IsEmpty &&
        !ImplementsInterfaceMember(method) && _semantics.GetBody(method) is not null;

    private static bool ImplementsInterfaceMember(IMethodSymbol method)
    {
        foreach (var type in method.ContainingType.AllInterfaces)
        {
            foreach (var member in type.GetMembers(method.Name))
            {
                if (SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(member), method))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>A value that is a connection: of a connection type, or coming from a variable that holds one.</summary>
    private bool IsConnectionValue(IOperation value)
    {
        var type = ConnectionSemantics.Strip(value).Type;
        return !_semantics.Model.IsNeverConnection(type) && _semantics.IsConnectionType(type) ||
               Of(value, _semantics).ConnectionOriginOf(value) is not null;
    }

    private static bool WrapsConnectionTypedValue(IOperation value, IReadOnlyDictionary<ILocalSymbol, IOperation> locals, ConnectionSemantics semantics)
    {
        for (var steps = 0; steps < MaxWrapSteps; steps++)
        {
            value = ConnectionSemantics.Strip(value);
            if (semantics.Model.IsConnectionType(value.Type) || semantics.Declared.IsConnectionType(value.Type!))
            {
                return true;
            }

            if (value is ILocalReferenceOperation local && locals.TryGetValue(local.Local, out var initializer))
            {
                value = initializer;
                continue;
            }

            if (!semantics.Model.TryGetWrappedConnection(value, out var wrapped, out _))
            {
                return false;
            }

            value = wrapped;
        }

        return false;
    }
}
