using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers.Model;

/// <summary>
/// Whether <c>new T(...)</c> acquires a connection. A framework connection type always does. A type of the project
/// owns a connection only if the constructor that runs creates or accepts one (itself, in a field initializer, through
/// <c>this(...)</c>/<c>base(...)</c>, or by constructing another project type that does), or takes ownership of one
/// passed in: stores it in a field that the type's own <c>Dispose</c>/<c>Close</c> closes. A type that merely refers
/// to a connection (event arguments, a back-reference, a borrowed socket, a holder with no close) owns nothing; one
/// whose connection appears later (<c>Open</c>, <c>Connect</c>) owns nothing at <c>new</c>. A UDP socket
/// (<c>SocketType.Dgram</c>, <c>ProtocolType.Udp</c>) is not a connection.
/// </summary>
public sealed partial class ConnectionSemantics
{
    /// <summary>How many constructors deep (chained or nested project types) the question is followed.</summary>
    private const int MaxOwnershipDepth = 3;

    private readonly ConcurrentDictionary<IMethodSymbol, bool> _constructorsThatAcquire = new(SymbolEqualityComparer.Default);

    /// <summary>
    /// A framework connection type whose construction holds no connection and whose failed connect cleans up after
    /// itself (<c>ClientWebSocket</c>): it is owned from a successful connect on.
    /// </summary>
    public static bool AcquiresOnConnect(ITypeSymbol? type) =>
        type is INamedTypeSymbol { Name: "ClientWebSocket", ContainingNamespace: { Name: "WebSockets", ContainingNamespace: { Name: "Net", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } } };

    /// <summary>Whether this construction acquires a connection the caller then owns.</summary>
    public bool CreationAcquiresConnection(IObjectCreationOperation creation)
    {
        if (WritePaths.IsDatagramCreation(creation, Model))
        {
            // A UDP socket is not a connection.
            return false;
        }

        if (creation.Type is null || Model.IsConnectionType(creation.Type) || Declared.IsConnectionType(creation.Type))
        {
            return true;
        }

        return creation.Constructor is { } constructor && ConstructorAcquires(constructor, depth: 0);
    }

    private bool ConstructorAcquires(IMethodSymbol constructor, int depth)
    {
        constructor = constructor.OriginalDefinition;
        // An implicit constructor has no syntax of its own; its type's field initializers still run.
        if (!IsInSource(constructor.ContainingType) || depth > MaxOwnershipDepth)
        {
            return false;
        }

        // Only complete answers (from the top) are remembered; a deeper call may have been cut off by the depth.
        if (_constructorsThatAcquire.TryGetValue(constructor, out var known))
        {
            return known;
        }

        var body = GetBodyOperation(constructor);
        var acquires = BodyAcquires(body, depth) ||
                       (!IsChainedToThis(constructor) && FieldInitializersAcquire(constructor.ContainingType, depth)) ||
                       TakesOwnershipOfParameter(constructor, body);
        if (depth == 0)
        {
            _constructorsThatAcquire.TryAdd(constructor, acquires);
        }

        return acquires;
    }

    /// <summary>A constructor body (its <c>this(...)</c>/<c>base(...)</c> call included) that creates or accepts a connection.</summary>
    private bool BodyAcquires(IOperation? body, int depth)
    {
        if (body is null)
        {
            return false;
        }

        // Work a lambda or local function does later is not the constructor's.
        foreach (var operation in body.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IObjectCreationOperation nested when !IsInsideFunction(nested, body):
                    if ((Model.IsConnectionType(nested.Type) && !Model.TryGetWrappedConnection(nested, out _, out _) && !WritePaths.IsDatagramCreation(nested, Model)) ||
                        (nested.Constructor is { } nestedConstructor && ConstructorAcquires(nestedConstructor, depth + 1)))
                    {
                        return true;
                    }

                    break;
                case IInvocationOperation invocation when !IsInsideFunction(invocation, body):
                    if (Model.Classify(invocation.TargetMethod) == ConnectionOperationKind.Accept ||
                        (invocation.TargetMethod.MethodKind == MethodKind.Constructor && ConstructorAcquires(invocation.TargetMethod, depth + 1)))
                    {
                        return true;
                    }

                    break;
            }
        }

        return false;
    }

    private static bool IsInsideFunction(IOperation operation, IOperation body)
    {
        for (var parent = operation.Parent; parent is not null && parent != body; parent = parent.Parent)
        {
            if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsChainedToThis(IMethodSymbol constructor)
    {
        foreach (var reference in constructor.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is ConstructorDeclarationSyntax { Initializer: { } initializer } &&
                initializer.ThisOrBaseKeyword.Text == "this")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Instance field and property initializers of the type that create or accept a connection.</summary>
    private bool FieldInitializersAcquire(INamedTypeSymbol type, int depth)
    {
        foreach (var member in type.GetMembers())
        {
            if (member.IsStatic || member is not (IFieldSymbol or IPropertySymbol))
            {
                continue;
            }

            foreach (var reference in member.DeclaringSyntaxReferences)
            {
                var initializer = reference.GetSyntax() switch
                {
                    VariableDeclaratorSyntax declarator => declarator.Initializer,
                    PropertyDeclarationSyntax property => property.Initializer,
                    _ => null,
                };
                if (initializer is not null && Compilation.ContainsSyntaxTree(initializer.SyntaxTree) &&
                    BodyAcquires(GetSemanticModel(initializer.SyntaxTree).GetOperation(initializer), depth))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>A connection parameter stored in a field that the type's own parameterless Dispose or Close closes.</summary>
    private bool TakesOwnershipOfParameter(IMethodSymbol constructor, IOperation? body)
    {
        if (body is null)
        {
            return false;
        }

        foreach (var operation in body.DescendantsAndSelf())
        {
            if (operation is ISimpleAssignmentOperation { Target: IMemberReferenceOperation target } assignment &&
                Strip(assignment.Value) is IParameterReferenceOperation parameter &&
                IsConnectionType(parameter.Type) &&
                ClosesMemberOnDispose(constructor.ContainingType, target.Member))
            {
                return true;
            }
        }

        return false;
    }

    private bool ClosesMemberOnDispose(INamedTypeSymbol type, ISymbol member)
    {
        for (var current = type; current is not null && IsInSource(current); current = current.BaseType)
        {
            foreach (var candidate in current.GetMembers())
            {
                if (candidate is IMethodSymbol { Name: "Dispose" or "DisposeAsync" or "Close", Parameters.IsEmpty: true, IsStatic: false } method &&
                    GetSummary(method).OnFields.TryGetValue(member.OriginalDefinition, out var effects) &&
                    (effects & CallEffects.Close) != 0)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
