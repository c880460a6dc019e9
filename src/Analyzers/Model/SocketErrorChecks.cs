using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers.Model;

/// <summary>
/// The one reader of error checks in a body (a method, accessor, lambda's container ...): what a comparison,
/// <c>Equals</c> call, <c>is</c> pattern, property subpattern, case label, switch arm, text search, regex match or
/// collection <c>Contains</c> compares, and with what (<see cref="SocketErrorCheck"/>). The subject is a SocketError
/// code, an exception's native number or text (<see cref="ExceptionDetail"/>), or a value compared with SocketError
/// members that cannot be traced. Locals copied once from a code (<c>var code = e.SocketErrorCode;</c>) and pattern
/// variables are followed within the body. Not thread-safe; create one per body.
/// </summary>
public sealed partial class SocketErrorChecks
{
    private const int MaxSteps = 8;

    /// <summary>Steps through conversions, <c>?.</c>, string case conversions and locals to an exception's number or text.</summary>
    private const int MaxDetailSteps = 16;

    private readonly ConnectionModel _model;
    private readonly IOperation _root;
    private readonly ComparedConstants _collections;
    private Dictionary<ILocalSymbol, IPatternOperation>? _patternLocals;

    private SocketErrorChecks(IOperation root, ConnectionModel model)
    {
        _root = root;
        _model = model;
        _collections = new ComparedConstants(model);
    }

    /// <summary>
    /// The reader for the whole body that contains <paramref name="operation"/>: one per body, shared by every rule
    /// of the compilation (each question about a condition of a large method would otherwise walk the method again).
    /// Its lazily built tables are complete before they are published, so readers on several threads agree.
    /// </summary>
    public static SocketErrorChecks ForBodyOf(IOperation operation, ConnectionModel model)
    {
        var root = operation;
        while (root.Parent is { } parent)
        {
            root = parent;
        }

        return model.Shared.PerBody<SocketErrorChecks>().GetValue(root, body => new SocketErrorChecks(body, model));
    }

    /// <summary>The names of the SocketError members that mean the peer is gone on a connected stream socket.</summary>
    public static bool IsPeerGoneName(string name) =>
        name is nameof(SocketErrorMeaning.ConnectionReset) or nameof(SocketErrorMeaning.ConnectionAborted) or nameof(SocketErrorMeaning.Shutdown);

    /// <summary>Every check under <paramref name="region"/>; lambdas and local functions are entered only when asked.</summary>
    public IEnumerable<SocketErrorCheck> ChecksIn(IOperation region, bool intoFunctions)
    {
        var operations = intoFunctions ? Descendants(region) : ConnectionSemantics.DescendantsOutsideFunctions(region);
        foreach (var operation in operations)
        {
            foreach (var check in Read(operation))
            {
                yield return check;
            }
        }
    }

    /// <summary>The checks one operation is: none, one, or for a switch one per case clause or arm (default and discard excepted).</summary>
    public IEnumerable<SocketErrorCheck> Read(IOperation operation)
    {
        switch (operation)
        {
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary:
                if (ReadComparison(binary, SocketErrorCheckForm.Comparison, binary.LeftOperand, binary.RightOperand,
                        negated: binary.OperatorKind == BinaryOperatorKind.NotEquals, codeOnLeftOnly: false) is { } comparison)
                {
                    yield return comparison;
                }

                break;

            case IInvocationOperation invocation:
                if (ReadInvocation(invocation) is { } call)
                {
                    yield return call;
                }

                break;

            case IIsPatternOperation isPattern:
            {
                var (constants, alternatives) = ReadPattern(isPattern.Pattern);
                if (SubjectOf(isPattern.Value, constants) is { } subject)
                {
                    yield return Create(isPattern, isPattern.Syntax, SocketErrorCheckForm.IsPattern, subject, constants, alternatives);
                }

                break;
            }

            case IPropertySubpatternOperation { Member: IPropertyReferenceOperation { Instance: { } instance } member } subpattern:
            {
                var (constants, alternatives) = ReadPattern(subpattern.Pattern);
                if (SubjectOfMember(member, instance, constants) is { } subject)
                {
                    yield return Create(subpattern, subpattern.Syntax, SocketErrorCheckForm.PropertySubpattern, subject, constants, alternatives);
                }

                break;
            }

            case ISwitchOperation switchOperation:
                foreach (var check in ReadSwitch(switchOperation))
                {
                    yield return check;
                }

                break;

            case ISwitchExpressionOperation switchExpression:
                foreach (var check in ReadSwitchExpression(switchExpression))
                {
                    yield return check;
                }

                break;
        }
    }

    /// <summary>
    /// A comparison of two operands: one is the subject, the other a constant (either order). A code's <c>Equals</c>
    /// is read only as <c>code.Equals(constant)</c> (<paramref name="codeOnLeftOnly"/>).
    /// </summary>
    private SocketErrorCheck? ReadComparison(IOperation operation, SocketErrorCheckForm form, IOperation left, IOperation right, bool negated, bool codeOnLeftOnly)
    {
        for (var order = 0; order < 2; order++)
        {
            var (value, other) = order == 0 ? (left, right) : (right, left);
            var constant = StripImplicit(other);
            if (!constant.ConstantValue.HasValue)
            {
                continue;
            }

            var constants = ImmutableArray.Create(Constant(constant, negated));
            if (SubjectOf(value, constants) is not { } subject || (codeOnLeftOnly && order == 1 && IsCode(subject.Kind)))
            {
                continue;
            }

            return Create(operation, operation.Syntax, form, subject, constants, isAlternatives: true);
        }

        return null;
    }

    private SocketErrorCheck? ReadInvocation(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        switch (method.Name)
        {
            case "Equals":
                return ReadEqualsCall(invocation);
            case "Contains" or "StartsWith" or "EndsWith" or "IndexOf" or "LastIndexOf"
                when method.ContainingType?.SpecialType == SpecialType.System_String:
                if (invocation.Instance is { } searched && !invocation.Arguments.IsEmpty &&
                    ReadDetail(searched) is { Kind: ExceptionDetailKind.Text } text)
                {
                    return Create(invocation, invocation.Syntax, SocketErrorCheckForm.TextSearch, Subject.Of(text),
                        ImmutableArray.Create(Constant(invocation.Arguments[0].Value, negated: false)), isAlternatives: true);
                }

                return null;
            case "Contains":
                return ReadCollectionContains(invocation);
            case "IsMatch" or "Match" when IsRegex(method.ContainingType):
                return ReadRegexMatch(invocation);
            default:
                return null;
        }
    }

    /// <summary><c>a.Equals(b)</c>, <c>Equals(a, b)</c>, <c>string.Equals(a, b, comparison)</c>: the comparison kind is not an operand.</summary>
    private SocketErrorCheck? ReadEqualsCall(IInvocationOperation invocation)
    {
        var operands = new List<IOperation>(2);
        if (invocation.Instance is { } instance)
        {
            operands.Add(instance);
        }

        foreach (var argument in invocation.Arguments)
        {
            if (argument.Value.Type is not ({ TypeKind: TypeKind.Enum } or { TypeKind: TypeKind.Interface }))
            {
                operands.Add(argument.Value);
            }
        }

        if (operands.Count != 2)
        {
            return null;
        }

        var check = ReadComparison(invocation, SocketErrorCheckForm.EqualsCall, operands[0], operands[1], negated: false, codeOnLeftOnly: true);
        return check is not null && check.IsOfCode && (invocation.Instance is null || invocation.Arguments.Length != 1) ? null : check;
    }

    /// <summary><c>codes.Contains(e.ErrorCode)</c> or <c>Enumerable.Contains(codes, value)</c> of an exception's number or text.</summary>
    private SocketErrorCheck? ReadCollectionContains(IInvocationOperation invocation)
    {
        IOperation collection;
        IOperation value;
        if (invocation.Instance is { } instance && invocation.Arguments.Length >= 1)
        {
            (collection, value) = (instance, invocation.Arguments[0].Value);
        }
        else if (invocation.Instance is null && invocation.Arguments.Length >= 2)
        {
            (collection, value) = (invocation.Arguments[0].Value, invocation.Arguments[1].Value);
        }
        else
        {
            return null;
        }

        if (ReadDetail(value) is not { } detail)
        {
            return null;
        }

        var constants = new List<ComparedConstant>();
        _collections.CollectFromCollection(collection, invocation.SemanticModel, constants, depth: 0);
        return Create(invocation, invocation.Syntax, SocketErrorCheckForm.CollectionContains, Subject.Of(detail), constants.ToImmutableArray(), isAlternatives: true);
    }

    /// <summary><c>Regex.IsMatch(e.Message, "reset")</c>, <c>new Regex("reset").IsMatch(e.Message)</c>, and <c>Match</c>.</summary>
    private SocketErrorCheck? ReadRegexMatch(IInvocationOperation invocation)
    {
        IOperation? input = null;
        IOperation? pattern = null;
        foreach (var argument in invocation.Arguments)
        {
            switch (argument.Parameter?.Name)
            {
                case "input":
                    input = argument.Value;
                    break;
                case "pattern":
                    pattern = argument.Value;
                    break;
            }
        }

        if (pattern is null &&
            invocation.Instance is IObjectCreationOperation { Arguments: { Length: > 0 } creationArguments } &&
            creationArguments[0].Parameter?.Name == "pattern")
        {
            pattern = creationArguments[0].Value;
        }

        if (input is null || pattern is null || ReadDetail(input) is not { Kind: ExceptionDetailKind.Text } text)
        {
            return null;
        }

        return Create(invocation, invocation.Syntax, SocketErrorCheckForm.RegexMatch, Subject.Of(text),
            ImmutableArray.Create(Constant(pattern, negated: false)), isAlternatives: true);
    }

    private IEnumerable<SocketErrorCheck> ReadSwitch(ISwitchOperation switchOperation)
    {
        var clauses = new List<(ICaseClauseOperation Clause, ImmutableArray<ComparedConstant> Constants, bool Alternatives)>();
        foreach (var section in switchOperation.Cases)
        {
            foreach (var clause in section.Clauses)
            {
                switch (clause)
                {
                    case IDefaultCaseClauseOperation:
                        break;
                    case ISingleValueCaseClauseOperation { Value: { } value }:
                        clauses.Add((clause, ImmutableArray.Create(Constant(value, negated: false)), true));
                        break;
                    case IPatternCaseClauseOperation patternClause:
                        var (constants, alternatives) = ReadPattern(patternClause.Pattern);
                        clauses.Add((clause, constants, alternatives));
                        break;
                    default:
                        clauses.Add((clause, ImmutableArray<ComparedConstant>.Empty, false));
                        break;
                }
            }
        }

        if (SubjectOf(switchOperation.Value, clauses.ConvertAll(clause => clause.Constants)) is not { } subject)
        {
            yield break;
        }

        foreach (var (clause, constants, alternatives) in clauses)
        {
            yield return Create(clause, clause.Syntax, SocketErrorCheckForm.CaseLabel, subject, constants, alternatives);
        }
    }

    private IEnumerable<SocketErrorCheck> ReadSwitchExpression(ISwitchExpressionOperation switchExpression)
    {
        var arms = new List<(ISwitchExpressionArmOperation Arm, ImmutableArray<ComparedConstant> Constants, bool Alternatives)>();
        foreach (var arm in switchExpression.Arms)
        {
            if (arm.Pattern is not IDiscardPatternOperation)
            {
                var (constants, alternatives) = ReadPattern(arm.Pattern);
                arms.Add((arm, constants, alternatives));
            }
        }

        if (SubjectOf(switchExpression.Value, arms.ConvertAll(arm => arm.Constants)) is not { } subject)
        {
            yield break;
        }

        foreach (var (arm, constants, alternatives) in arms)
        {
            yield return Create(arm, arm.Pattern.Syntax, SocketErrorCheckForm.SwitchArm, subject, constants, alternatives);
        }
    }

    /// <summary>
    /// The constants of a pattern made of constants, <c>or</c>, <c>and</c> and <c>not</c>, each negated when an odd
    /// number of <c>not</c> covers it; they are alternatives when only <c>or</c> and a <c>not</c> at the top join them.
    /// </summary>
    private (ImmutableArray<ComparedConstant> Constants, bool Alternatives) ReadPattern(IPatternOperation pattern)
    {
        var constants = ImmutableArray.CreateBuilder<ComparedConstant>();
        var alternatives = true;
        void Collect(IPatternOperation current, int nots, int nesting)
        {
            if (nesting > OperationChains.MaxNesting)
            {
                // Too deep to read: what is left unread may admit anything.
                alternatives = false;
                return;
            }

            switch (current)
            {
                case IConstantPatternOperation constant:
                    constants.Add(Constant(constant.Value, negated: nots % 2 == 1));
                    break;
                case IBinaryPatternOperation binary:
                    alternatives &= binary.OperatorKind == BinaryOperatorKind.Or;
                    Collect(binary.LeftPattern, nots, nesting + 1);
                    Collect(binary.RightPattern, nots, nesting + 1);
                    break;
                case INegatedPatternOperation negation:
                    alternatives &= nesting == 0;
                    Collect(negation.Pattern, nots + 1, nesting + 1);
                    break;
                default:
                    alternatives = false;
                    break;
            }
        }

        Collect(pattern, 0, 0);
        return (constants.ToImmutable(), alternatives);
    }

    /// <summary>A compared constant: its value as written, its SocketError member if it names one.</summary>
    private ComparedConstant Constant(IOperation operation, bool negated)
    {
        var stripped = StripImplicit(operation);
        return operation.ConstantValue.HasValue
            ? new ComparedConstant(operation.ConstantValue.Value, _model.IsSocketErrorType(stripped.Type), _model.GetSocketErrorName(stripped), stripped, negated)
            : new ComparedConstant(null, isSocketError: false, operation: stripped, negated: negated);
    }

    internal static IOperation StripImplicit(IOperation operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    private static bool IsRegex(INamedTypeSymbol? type) =>
        type is { Name: "Regex", ContainingNamespace: { Name: "RegularExpressions", ContainingNamespace: { Name: "Text", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } } };

    private SocketErrorCheck Create(
        IOperation operation, SyntaxNode syntax, SocketErrorCheckForm form, Subject subject, ImmutableArray<ComparedConstant> constants, bool isAlternatives) =>
        new(operation, syntax, form, subject.Kind, subject.Source, IsCode(subject.Kind) ? RootOf(subject.Source) : null, subject.Detail,
            IsCode(subject.Kind) ? NamedByValue(constants) : constants, isAlternatives);

    /// <summary>
    /// A code compared as a number (<c>(int)e.SocketErrorCode == 10054</c>, <c>== (int)SocketError.ConnectionReset</c>,
    /// <c>e.SocketErrorCode == (SocketError)10054</c>): each number names the SocketError member of that value.
    /// </summary>
    private ImmutableArray<ComparedConstant> NamedByValue(ImmutableArray<ComparedConstant> constants)
    {
        ImmutableArray<ComparedConstant>.Builder? named = null;
        for (var i = 0; i < constants.Length; i++)
        {
            var constant = constants[i];
            if (constant is { SocketErrorName: null, Operation: { } constantOperation } &&
                _model.GetSocketErrorNameOfValue(constant.Value) is { } name)
            {
                // Also `(SocketError)10054`.
                named ??= constants.ToBuilder();
                named[i] = new ComparedConstant(constant.Value, constant.IsSocketError, name, constantOperation, constant.Negated);
            }
        }

        return named?.ToImmutable() ?? constants;
    }

    private static IEnumerable<IOperation> Descendants(IOperation root)
    {
        yield return root;
        foreach (var descendant in root.Descendants())
        {
            yield return descendant;
        }
    }
}
