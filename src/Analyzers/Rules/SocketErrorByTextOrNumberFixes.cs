using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SocketAnalyzers.Model;
using FixData = SocketAnalyzers.Rules.SocketErrorByTextOrNumberAnalyzer.FixData;

namespace SocketAnalyzers.Rules;

/// <summary>The node a SOCK003 fix rewrites, in which form, and whether the check it writes is negated.</summary>
internal readonly struct SocketErrorByTextOrNumberFixSite
{
    public SocketErrorByTextOrNumberFixSite(string form, SyntaxNode node, bool negated)
    {
        Form = form;
        Node = node;
        Negated = negated;
    }

    public string Form { get; }

    public SyntaxNode Node { get; }

    public bool Negated { get; }
}

/// <summary>
/// Which SOCK003 findings get a fix, and of what shape (<see cref="FixData"/>): only where a fix that compiles and
/// keeps the meaning can be written.
/// </summary>
internal sealed class SocketErrorByTextOrNumberFixes
{
    private const int MaxSteps = 8;

    private readonly ConnectionModel _model;

    public SocketErrorByTextOrNumberFixes(ConnectionModel model)
    {
        _model = model;
    }

    /// <summary><c>x.IndexOf("reset") >= 0</c> and its variants: the enclosing comparison is the check.</summary>
    public static SocketErrorByTextOrNumberFixSite? IndexOfFix(IInvocationOperation invocation)
    {
        IOperation current = invocation;
        while (current.Parent is IConversionOperation { IsImplicit: true } or IParenthesizedOperation)
        {
            current = current.Parent;
        }

        if (current.Parent is not IBinaryOperation binary)
        {
            return null;
        }

        var onLeft = binary.LeftOperand == current;
        var other = onLeft ? binary.RightOperand : binary.LeftOperand;
        if (other.ConstantValue is not { HasValue: true, Value: int bound })
        {
            return null;
        }

        var kind = binary.OperatorKind;
        if (!onLeft)
        {
            // 0 <= i is i >= 0.
            kind = kind switch
            {
                BinaryOperatorKind.LessThan => BinaryOperatorKind.GreaterThan,
                BinaryOperatorKind.LessThanOrEqual => BinaryOperatorKind.GreaterThanOrEqual,
                BinaryOperatorKind.GreaterThan => BinaryOperatorKind.LessThan,
                BinaryOperatorKind.GreaterThanOrEqual => BinaryOperatorKind.LessThanOrEqual,
                _ => kind,
            };
        }

        bool? found = (kind, bound) switch
        {
            (BinaryOperatorKind.GreaterThanOrEqual, 0) => true,
            (BinaryOperatorKind.GreaterThan, -1) => true,
            (BinaryOperatorKind.NotEquals, -1) => true,
            (BinaryOperatorKind.LessThan, 0) => false,
            (BinaryOperatorKind.LessThanOrEqual, -1) => false,
            (BinaryOperatorKind.Equals, -1) => false,
            _ => null,
        };
        return found is { } isFound ? new SocketErrorByTextOrNumberFixSite(FixData.FormCheck, binary.Syntax, negated: !isFound) : null;
    }

    /// <summary>
    /// A switch on a native number becomes a switch on SocketErrorCode only when every label names one code
    /// and no two sections (or arms) name the same one (that would be a duplicate label or an unreachable arm).
    /// </summary>
    public static bool SwitchCanBeRewritten(List<(SyntaxNode Label, SocketErrorByTextOrNumberFinding? Finding, bool Simple, int Section)> labels)
    {
        var sectionOfMeaning = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var label in labels)
        {
            if (label.Finding is not { AllRecognized: true, Meaning: { } meaning } || !label.Simple)
            {
                return false;
            }

            if (sectionOfMeaning.TryGetValue(meaning, out var section) && section != label.Section)
            {
                return false;
            }

            sectionOfMeaning[meaning] = label.Section;
        }

        return true;
    }

    /// <summary>On a SocketException, <c>(SocketError)e.ErrorCode</c> becomes <c>e.SocketErrorCode</c> wherever it is compared.</summary>
    public SocketErrorByTextOrNumberFixSite? CastFix(ExceptionDetail detail) =>
        detail is { Kind: ExceptionDetailKind.Cast, ViaLocal: false, Cast: { } cast } && _model.IsSocketException(detail.Receiver.Type)
            ? new SocketErrorByTextOrNumberFixSite(FixData.FormCast, cast.Syntax, negated: false)
            : null;

    /// <summary>The shape of a property-subpattern fix on a pattern matching <paramref name="matchedType"/>, or null.</summary>
    public string? SubpatternShape(ITypeSymbol? matchedType, bool negated)
    {
        if (_model.IsSocketException(matchedType))
        {
            return FixData.ShapeSocketException;
        }

        if (negated || matchedType is null)
        {
            // "not 10054" on a wider type also matched every other exception: no pattern keeps that.
            return null;
        }

        if (SymbolEqualityComparer.Default.Equals(matchedType, _model.Win32Exception) ||
            SymbolEqualityComparer.Default.Equals(matchedType, _model.ExternalException))
        {
            return FixData.ShapeIs;
        }

        return SymbolEqualityComparer.Default.Equals(matchedType, _model.IOException) ? FixData.ShapeInner : null;
    }

    /// <summary><c>e.InnerException?.Message.Contains("reset")</c> is reported as a whole, not from <c>.Message</c> on.</summary>
    public static SyntaxNode WholeConditionalAccess(SyntaxNode node)
    {
        while (node.Parent is ConditionalAccessExpressionSyntax conditionalAccess && conditionalAccess.WhenNotNull == node)
        {
            node = conditionalAccess;
        }

        return node;
    }

    /// <summary>The shape of the fix, or null when no fix that compiles and keeps the meaning can be written.</summary>
    public string? ShapeForFix(IOperation comparison, ExceptionDetail detail, SocketErrorByTextOrNumberFinding finding, SocketErrorByTextOrNumberFixSite site)
    {
        if (detail.ViaConditionalAccess || !IsRewritable(detail.Receiver, 0))
        {
            return null;
        }

        if (site.Form != FixData.FormCast && (!finding.AllRecognized || finding.Meaning is null))
        {
            return null;
        }

        if (detail.ViaLocal && !IsVisibleAt(detail.Receiver, site.Node))
        {
            return null;
        }

        var shape = ReceiverShape(detail.Receiver);
        if (site.Form is FixData.FormCast or FixData.FormSwitch && shape != FixData.ShapeSocketException)
        {
            return null;
        }

        // An expression tree admits neither patterns nor ?. : only e.SocketErrorCode == X can be written there.
        return shape != FixData.ShapeSocketException && IsInExpressionTree(comparison) ? null : shape;
    }

    private static bool IsInExpressionTree(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation { Parent: IConversionOperation { Type: INamedTypeSymbol { Name: "Expression" } type } } &&
                type.ContainingNamespace?.ToDisplayString() == "System.Linq.Expressions")
            {
                return true;
            }
        }

        return false;
    }

    private string? ReceiverShape(IOperation receiver)
    {
        var type = receiver.Type;
        if (_model.IsSocketException(type))
        {
            return FixData.ShapeSocketException;
        }

        if (receiver is IPropertyReferenceOperation { Property.Name: "InnerException" } or IInvocationOperation { TargetMethod.Name: "GetBaseException" } ||
            SymbolEqualityComparer.Default.Equals(type, _model.Win32Exception) ||
            SymbolEqualityComparer.Default.Equals(type, _model.ExternalException))
        {
            return _model.CanBeSocketError(type) && ConnectionModel.InheritsFrom(_model.SocketException, type as INamedTypeSymbol)
                ? FixData.ShapeIs
                : null;
        }

        if (SymbolEqualityComparer.Default.Equals(type, _model.IOException))
        {
            return FixData.ShapeInner;
        }

        return type?.ToDisplayString() is "System.Exception" or "System.SystemException" ? FixData.ShapeSelfOrInner : null;
    }

    /// <summary>An exception expression the fix can write again: locals, parameters, InnerException/casts of them.</summary>
    private static bool IsRewritable(IOperation? receiver, int depth)
    {
        if (depth > MaxSteps)
        {
            return false;
        }

        return receiver switch
        {
            ILocalReferenceOperation or IParameterReferenceOperation => !receiver.IsImplicit,
            IPropertyReferenceOperation { Property.Name: "InnerException", Instance: var instance } => IsRewritable(instance, depth + 1),
            IInvocationOperation { TargetMethod.Name: "GetBaseException", Instance: var instance } => IsRewritable(instance, depth + 1),
            IConversionOperation { IsImplicit: false, OperatorMethod: null } conversion => IsRewritable(conversion.Operand, depth + 1),
            _ => false,
        };
    }

    /// <summary>Whether the local or parameter the receiver is built on is in scope where the fix writes it again.</summary>
    private static bool IsVisibleAt(IOperation receiver, SyntaxNode site)
    {
        var root = receiver;
        for (var steps = 0; steps < MaxSteps; steps++)
        {
            switch (root)
            {
                case IPropertyReferenceOperation { Instance: { } instance }:
                    root = instance;
                    continue;
                case IInvocationOperation { Instance: { } instance }:
                    root = instance;
                    continue;
                case IConversionOperation conversion:
                    root = conversion.Operand;
                    continue;
            }

            break;
        }

        ISymbol? symbol = root switch
        {
            ILocalReferenceOperation local => local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            _ => null,
        };
        if (symbol is null || receiver.SemanticModel is not { } semanticModel || semanticModel.SyntaxTree != site.SyntaxTree)
        {
            return false;
        }

        return semanticModel.LookupSymbols(site.SpanStart, name: symbol.Name)
            .Any(candidate => SymbolEqualityComparer.Default.Equals(candidate, symbol));
    }
}
