using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers.Model;

/// <summary>
/// The constants a collection holds, for <c>codes.Contains(value)</c>: the elements of an array, list or set
/// (inline, in a local, or in a readonly member). Part of <see cref="SocketErrorChecks"/>.
/// </summary>
internal sealed class ComparedConstants
{
    private const int MaxSteps = 8;

    private readonly ConnectionModel _model;

    public ComparedConstants(ConnectionModel model)
    {
        _model = model;
    }

    /// <summary>The values of <paramref name="operations"/>; one that is not a constant may cover a case no SocketError names.</summary>
    private List<ComparedConstant> Of(IEnumerable<IOperation> operations)
    {
        var constants = new List<ComparedConstant>();
        foreach (var operation in operations)
        {
            if (operation.ConstantValue.HasValue)
            {
                var stripped = SocketErrorChecks.StripImplicit(operation);
                constants.Add(new ComparedConstant(operation.ConstantValue.Value, _model.IsSocketErrorType(stripped.Type), _model.GetSocketErrorName(stripped), stripped));
            }
            else
            {
                constants.Add(new ComparedConstant(null, isSocketError: false, operation: SocketErrorChecks.StripImplicit(operation)));
            }
        }

        return constants;
    }

    /// <summary>The numbers of an array, list or set: created inline, in a local, or in a readonly field or property.</summary>
    public void CollectFromCollection(IOperation? collection, SemanticModel? semanticModel, List<ComparedConstant> constants, int depth)
    {
        if (collection is null || depth > MaxSteps)
        {
            return;
        }

        switch (collection)
        {
            case IConversionOperation conversion:
                CollectFromCollection(conversion.Operand, semanticModel, constants, depth + 1);
                break;
            case IArrayCreationOperation { Initializer: { } initializer }:
                constants.AddRange(Of(initializer.ElementValues));
                break;
            case IArrayInitializerOperation initializer:
                // static readonly int[] Codes = { 104, 54 };
                constants.AddRange(Of(initializer.ElementValues));
                break;
            case IObjectCreationOperation creation:
                foreach (var argument in creation.Arguments)
                {
                    CollectFromCollection(argument.Value, semanticModel, constants, depth + 1);
                }

                if (creation.Initializer is { } objectInitializer)
                {
                    foreach (var element in objectInitializer.Initializers)
                    {
                        if (element is IInvocationOperation { Arguments.Length: 1 } add)
                        {
                            constants.AddRange(Of(new[] { add.Arguments[0].Value }));
                        }
                    }
                }

                break;
            case IInvocationOperation invocation:
                // ImmutableArray.Create(104, 54), new[] { ... }.ToHashSet()
                if (invocation.Instance is { } instance)
                {
                    CollectFromCollection(instance, semanticModel, constants, depth + 1);
                }

                foreach (var argument in invocation.Arguments)
                {
                    if (argument.ArgumentKind == ArgumentKind.ParamArray || argument.Value is IArrayCreationOperation or IObjectCreationOperation)
                    {
                        CollectFromCollection(argument.Value, semanticModel, constants, depth + 1);
                    }
                    else if (argument.Value.ConstantValue.HasValue)
                    {
                        constants.AddRange(Of(new[] { argument.Value }));
                    }
                    else
                    {
                        CollectFromCollection(argument.Value, semanticModel, constants, depth + 1);
                    }
                }

                break;
            case ILocalReferenceOperation local when OperationInputs.TryGetSingleValue(local, out var value):
                CollectFromCollection(value, semanticModel, constants, depth + 1);
                break;
            case IFieldReferenceOperation { Field: { IsReadOnly: true } or { IsConst: true } } field:
                CollectFromInitializer(field.Field, semanticModel, constants, depth);
                break;
            case IPropertyReferenceOperation { Property: { IsReadOnly: true, Parameters.IsEmpty: true } } property:
                CollectFromInitializer(property.Property, semanticModel, constants, depth);
                break;
            default:
                if (collection.Kind.ToString() == "CollectionExpression")
                {
                    // [104, 54]: an operation kind newer than the compiler the analyzer is built against.
                    constants.AddRange(Of(collection.ChildOperations));
                }

                break;
        }
    }

    /// <summary>The initializer of a readonly field or get-only property: bound when in this tree, else its number literals.</summary>
    private void CollectFromInitializer(ISymbol member, SemanticModel? semanticModel, List<ComparedConstant> constants, int depth)
    {
        foreach (var reference in member.DeclaringSyntaxReferences)
        {
            var initializer = reference.GetSyntax() switch
            {
                VariableDeclaratorSyntax declarator => declarator.Initializer?.Value,
                PropertyDeclarationSyntax propertyDeclaration => propertyDeclaration.Initializer?.Value,
                _ => null,
            };
            if (initializer is null)
            {
                continue;
            }

            if (semanticModel is not null && initializer.SyntaxTree == semanticModel.SyntaxTree)
            {
                CollectFromCollection(semanticModel.GetOperation(initializer), semanticModel, constants, depth + 1);
                continue;
            }

            foreach (var literal in initializer.DescendantNodesAndSelf().OfType<LiteralExpressionSyntax>())
            {
                if (literal.IsKind(SyntaxKind.NumericLiteralExpression))
                {
                    var value = literal.Token.Value;
                    constants.Add(new ComparedConstant(literal.Parent is PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.UnaryMinusExpression } ? Negate(value) : value, false));
                }
            }
        }
    }

    private static object? Negate(object? value) => value switch
    {
        int number => -number,
        long number => -number,
        _ => null,
    };
}
