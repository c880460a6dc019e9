using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers.Model;

/// <summary>
/// Which operations can throw, for the exception paths of the flow analysis: allocating an empty collection or a plain
/// object of the project (no constructor code of its own, initializers that only store values) and arithmetic helpers
/// do not. Everything else is assumed to throw.
/// </summary>
public sealed partial class ConnectionSemantics
{
    /// <summary>How many base types deep a plain project type is checked.</summary>
    private const int MaxPlainTypeDepth = 3;

    private readonly ConcurrentDictionary<INamedTypeSymbol, bool> _plainProjectTypes = new(SymbolEqualityComparer.Default);

    /// <summary>Whether <c>new T(...)</c> can throw.</summary>
    public bool MayThrow(IObjectCreationOperation creation)
    {
        if (creation.Constructor is not { } constructor || creation.Type is not INamedTypeSymbol type)
        {
            return true;
        }

        foreach (var argument in creation.Arguments)
        {
            if (argument.ArgumentKind != ArgumentKind.DefaultValue)
            {
                // What a constructor checks of its arguments (a negative capacity ...) is not known here.
                return true;
            }
        }

        return IsInSource(type)
            ? !_plainProjectTypes.GetOrAdd(type.OriginalDefinition, IsPlainProjectType)
            : !IsEmptyFrameworkAllocation(type);
    }

    /// <summary>Whether the call can throw: everything but the arithmetic of <c>System.Math</c>.</summary>
    public static bool MayThrow(IInvocationOperation invocation) =>
        invocation.TargetMethod.ContainingType is not { Name: "Math", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };

    /// <summary><c>new object()</c> and the parameterless constructors of the framework's collections.</summary>
    private static bool IsEmptyFrameworkAllocation(INamedTypeSymbol type)
    {
        if (type.SpecialType == SpecialType.System_Object)
        {
            return true;
        }

        var space = type.ContainingNamespace;
        return space is { Name: "Generic" or "Concurrent" or "ObjectModel" } &&
               space.ContainingNamespace is { Name: "Collections", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };
    }

    /// <summary>
    /// A class of the project whose parameterless construction runs no code that can throw: no constructor body with
    /// statements, instance initializers that are constants or empty allocations, and a base type that is plain too.
    /// </summary>
    private bool IsPlainProjectType(INamedTypeSymbol type)
    {
        var depth = 0;
        for (INamedTypeSymbol? current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            if (++depth > MaxPlainTypeDepth || current.TypeKind != TypeKind.Class || !IsInSource(current) || !HasNoConstructionCode(current))
            {
                return false;
            }
        }

        return true;
    }

    private bool HasNoConstructionCode(INamedTypeSymbol type)
    {
        foreach (var constructor in type.InstanceConstructors)
        {
            if (!constructor.Parameters.IsEmpty)
            {
                continue;
            }

            foreach (var reference in constructor.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax() is ConstructorDeclarationSyntax declaration &&
                    (declaration.Initializer is not null || declaration.ExpressionBody is not null ||
                     declaration.Body is { Statements.Count: > 0 }))
                {
                    return false;
                }
            }
        }

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
                    VariableDeclaratorSyntax declarator => declarator.Initializer?.Value,
                    PropertyDeclarationSyntax property => property.Initializer?.Value,
                    _ => null,
                };
                if (initializer is not null && !IsPlainValue(initializer))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>A literal, <c>default</c>, a constant, or an empty allocation of the framework's collections.</summary>
    private bool IsPlainValue(ExpressionSyntax value)
    {
        if (value is LiteralExpressionSyntax or DefaultExpressionSyntax)
        {
            return true;
        }

        if (!Compilation.ContainsSyntaxTree(value.SyntaxTree))
        {
            return false;
        }

        var operation = GetSemanticModel(value.SyntaxTree).GetOperation(value);
        return operation switch
        {
            null => false,
            _ when operation.ConstantValue.HasValue => true,
            IObjectCreationOperation { Initializer: null, Arguments.IsEmpty: true, Type: INamedTypeSymbol created } => !IsInSource(created) && IsEmptyFrameworkAllocation(created),
            _ => false,
        };
    }
}
