using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers.Model;

/// <summary>
/// Reads the SocketError checks of one body (a method, accessor, lambda's container ...). Locals copied once from
/// a code (<c>var code = e.SocketErrorCode;</c>) and pattern variables are followed within the body.
/// Not thread-safe; create one per body.
/// </summary>
public sealed class SocketErrorChecks
{
    private const int MaxSteps = 8;

    private readonly ConnectionModel _model;
    private readonly IOperation _root;
    private Dictionary<ILocalSymbol, IOperation>? _localValues;
    private Dictionary<ILocalSymbol, IPatternOperation>? _patternLocals;

    private SocketErrorChecks(IOperation root, ConnectionModel model)
    {
        _root = root;
        _model = model;
    }

    /// <summary>The reader for the whole body that contains <paramref name="operation"/>.</summary>
    public static SocketErrorChecks ForBodyOf(IOperation operation, ConnectionModel model)
    {
        var root = operation;
        while (root.Parent is { } parent)
        {
            root = parent;
        }

        return new SocketErrorChecks(root, model);
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

    /// <summary>The checks one operation is (a switch is one check per case clause or arm).</summary>
    public IEnumerable<SocketErrorCheck> Read(IOperation operation)
    {
        switch (operation)
        {
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary:
            {
                var check = ReadComparison(binary, binary.LeftOperand, binary.RightOperand) ??
                            ReadComparison(binary, binary.RightOperand, binary.LeftOperand);
                if (check is not null)
                {
                    yield return check;
                }

                break;
            }

            case IInvocationOperation { TargetMethod.Name: "Equals", Instance: { } instance, Arguments.Length: 1 } invocation:
            {
                if (ReadSubject(instance) is { } subject && ConstantName(invocation.Arguments[0].Value) is { } named)
                {
                    yield return Create(invocation, invocation.Syntax, SocketErrorCheckForm.EqualsCall, subject, ImmutableArray.Create(named), negated: false);
                }

                break;
            }

            case IIsPatternOperation isPattern:
            {
                if (ReadSubject(isPattern.Value) is { } subject && PatternNames(isPattern.Pattern, out var negated) is { IsEmpty: false } names)
                {
                    yield return Create(isPattern, isPattern.Syntax, SocketErrorCheckForm.IsPattern, subject, names, negated);
                }

                break;
            }

            case IPropertySubpatternOperation { Member: IPropertyReferenceOperation member } subpattern:
            {
                if (SubjectKindOf(member.Property) is { } kind && member.Instance is { } instance &&
                    PatternNames(subpattern.Pattern, out var negated) is { IsEmpty: false } names)
                {
                    yield return Create(subpattern, subpattern.Syntax, SocketErrorCheckForm.PropertySubpattern, new Subject(kind, instance), names, negated);
                }

                break;
            }

            case ISwitchOperation switchOperation:
            {
                if (ReadSubject(switchOperation.Value) is not { } subject)
                {
                    break;
                }

                foreach (var section in switchOperation.Cases)
                {
                    foreach (var clause in section.Clauses)
                    {
                        var names = ImmutableArray<NamedSocketError>.Empty;
                        var negated = false;
                        switch (clause)
                        {
                            case ISingleValueCaseClauseOperation { Value: { } value } when ConstantName(value) is { } named:
                                names = ImmutableArray.Create(named);
                                break;
                            case IPatternCaseClauseOperation patternClause:
                                names = PatternNames(patternClause.Pattern, out negated);
                                break;
                        }

                        if (!names.IsEmpty)
                        {
                            yield return Create(clause, clause.Syntax, SocketErrorCheckForm.CaseLabel, subject, names, negated);
                        }
                    }
                }

                break;
            }

            case ISwitchExpressionOperation switchExpression:
            {
                if (ReadSubject(switchExpression.Value) is not { } subject)
                {
                    break;
                }

                foreach (var arm in switchExpression.Arms)
                {
                    if (PatternNames(arm.Pattern, out var negated) is { IsEmpty: false } names)
                    {
                        yield return Create(arm, arm.Pattern.Syntax, SocketErrorCheckForm.SwitchArm, subject, names, negated);
                    }
                }

                break;
            }
        }
    }

    /// <summary>
    /// The variable an exception, SocketAsyncEventArgs or code expression comes from (see <see cref="SocketErrorCheck.Root"/>).
    /// </summary>
    public ISymbol? RootOf(IOperation? operation) => RootOf(operation, 0);

    private ISymbol? RootOf(IOperation? operation, int depth)
    {
        for (var steps = depth; operation is not null && steps < MaxSteps; steps++)
        {
            switch (operation)
            {
                case IConversionOperation conversion:
                    operation = conversion.Operand;
                    continue;
                case IParenthesizedOperation parenthesized:
                    operation = parenthesized.Operand;
                    continue;
                case IPropertyReferenceOperation { Property.Name: "InnerException", Instance: { } instance }:
                    operation = instance;
                    continue;
                case IInvocationOperation { TargetMethod.Name: "GetBaseException", Instance: { } instance }:
                    operation = instance;
                    continue;
                case IPropertyReferenceOperation { Instance: { } instance } code when SubjectKindOf(code.Property) is not null:
                    // A code read from a local copy: `var code = e.SocketErrorCode;` → e.
                    operation = instance;
                    continue;
                case IConditionalAccessInstanceOperation conditionalInstance:
                    operation = OperationInputs.ConditionalAccessReceiver(conditionalInstance);
                    continue;
                case IConditionalAccessOperation conditionalAccess:
                    operation = conditionalAccess.WhenNotNull;
                    continue;
                case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.PatternInput } patternInput:
                    operation = OperationInputs.PatternInputOfInstance(patternInput);
                    continue;
                case ILocalReferenceOperation local:
                    if (LocalValues().TryGetValue(local.Local, out var value))
                    {
                        // A copy of another variable is that variable; a local made here (`var args = new ...`) is its own root.
                        return RootOf(value, steps + 1) ?? local.Local;
                    }

                    if (PatternLocals().TryGetValue(local.Local, out var pattern))
                    {
                        operation = OperationInputs.PatternInput(pattern);
                        continue;
                    }

                    return local.Local;
                case IParameterReferenceOperation parameter:
                    return parameter.Parameter;
                case IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } } field:
                    return field.Field.OriginalDefinition;
                case IPropertyReferenceOperation { Instance: null or IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance }, Arguments.IsEmpty: true } property:
                    return property.Property.OriginalDefinition;
                default:
                    return null;
            }
        }

        return null;
    }

    /// <summary>
    /// When <paramref name="value"/> reads a SocketError — <c>e.SocketErrorCode</c>, <c>(x as SocketException)?.SocketErrorCode</c>,
    /// <c>args.SocketError</c>, a SocketError parameter, or a local copied once from one of them — what holds it.
    /// </summary>
    public bool TryReadCode(IOperation value, out SocketErrorSubjectKind kind, out IOperation source)
    {
        if (ReadSubject(value) is { } subject)
        {
            kind = subject.Kind;
            source = subject.Source;
            return true;
        }

        kind = default;
        source = null!;
        return false;
    }

    private SocketErrorCheck? ReadComparison(IBinaryOperation binary, IOperation value, IOperation other)
    {
        if (ReadSubject(value) is not { } subject || ConstantName(other) is not { } named)
        {
            return null;
        }

        return Create(binary, binary.Syntax, SocketErrorCheckForm.Comparison, subject, ImmutableArray.Create(named),
            negated: binary.OperatorKind == BinaryOperatorKind.NotEquals);
    }

    private SocketErrorCheck Create(
        IOperation operation, SyntaxNode syntax, SocketErrorCheckForm form, Subject subject, ImmutableArray<NamedSocketError> names, bool negated) =>
        new(operation, syntax, form, subject.Kind, subject.Source, RootOf(subject.Source), names, negated);

    private Subject? ReadSubject(IOperation value)
    {
        for (var steps = 0; steps < MaxSteps; steps++)
        {
            switch (value)
            {
                case IConversionOperation conversion:
                    value = conversion.Operand;
                    continue;
                case IParenthesizedOperation parenthesized:
                    value = parenthesized.Operand;
                    continue;
                case IConditionalAccessOperation conditionalAccess:
                    value = conditionalAccess.WhenNotNull;
                    continue;
                case IPropertyReferenceOperation { Instance: { } instance } property when SubjectKindOf(property.Property) is { } kind:
                    return new Subject(kind, instance is IConditionalAccessInstanceOperation conditional ? OperationInputs.ConditionalAccessReceiver(conditional) ?? instance : instance);
                case IParameterReferenceOperation parameter when _model.IsSocketErrorType(parameter.Type):
                    return new Subject(SocketErrorSubjectKind.CodeParameter, parameter);
                case ILocalReferenceOperation local when _model.IsSocketErrorType(NonNullable(local.Type)) && LocalValues().TryGetValue(local.Local, out var copied):
                    value = copied;
                    continue;
                default:
                    return null;
            }
        }

        return null;
    }

    private SocketErrorSubjectKind? SubjectKindOf(IPropertySymbol property)
    {
        if (property.Name == "SocketErrorCode" && _model.IsSocketException(property.ContainingType))
        {
            return SocketErrorSubjectKind.Exception;
        }

        if (property.Name == "SocketError" && ConnectionModel.InheritsFrom(property.ContainingType, _model.SocketAsyncEventArgs))
        {
            return SocketErrorSubjectKind.AsyncEventArgs;
        }

        return null;
    }

    private NamedSocketError? ConstantName(IOperation operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } conversion)
        {
            operation = conversion.Operand;
        }

        return _model.GetSocketErrorName(operation) is { } name ? new NamedSocketError(name, operation) : null;
    }

    /// <summary>The SocketError constants of a pattern made of constants, <c>or</c>, <c>and</c> and <c>not</c>; negated when an odd number of <c>not</c> covers them.</summary>
    private ImmutableArray<NamedSocketError> PatternNames(IPatternOperation pattern, out bool negated)
    {
        negated = false;
        var names = ImmutableArray.CreateBuilder<NamedSocketError>();
        var nots = 0;
        var anyNegated = false;
        void Collect(IPatternOperation current, int depth)
        {
            if (depth > MaxSteps * 2)
            {
                return;
            }

            switch (current)
            {
                case IConstantPatternOperation constant when ConstantName(constant.Value) is { } named:
                    names.Add(named);
                    anyNegated |= nots % 2 == 1;
                    break;
                case IBinaryPatternOperation binary:
                    Collect(binary.LeftPattern, depth + 1);
                    Collect(binary.RightPattern, depth + 1);
                    break;
                case INegatedPatternOperation negatedPattern:
                    nots++;
                    Collect(negatedPattern.Pattern, depth + 1);
                    nots--;
                    break;
            }
        }

        Collect(pattern, 0);
        negated = anyNegated;
        return names.ToImmutable();
    }

    private static ITypeSymbol? NonNullable(ITypeSymbol? type) =>
        type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T, TypeArguments.Length: 1 } nullable
            ? nullable.TypeArguments[0]
            : type;

    private Dictionary<ILocalSymbol, IOperation> LocalValues()
    {
        if (_localValues is null)
        {
            var values = new Dictionary<ILocalSymbol, IOperation>(SymbolEqualityComparer.Default);
            var assignedTwice = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
            void Record(ILocalSymbol local, IOperation value)
            {
                if (!values.ContainsKey(local))
                {
                    values[local] = value;
                }
                else
                {
                    assignedTwice.Add(local);
                }
            }

            foreach (var operation in Descendants(_root))
            {
                switch (operation)
                {
                    case IVariableDeclaratorOperation { Initializer.Value: { } initializer } declarator:
                        Record(declarator.Symbol, initializer);
                        break;
                    case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment:
                        Record(target.Local, assignment.Value);
                        break;
                    case ICompoundAssignmentOperation { Target: ILocalReferenceOperation target } compound:
                        Record(target.Local, compound);
                        assignedTwice.Add(target.Local);
                        break;
                }
            }

            foreach (var local in assignedTwice)
            {
                values.Remove(local);
            }

            _localValues = values;
        }

        return _localValues;
    }

    private Dictionary<ILocalSymbol, IPatternOperation> PatternLocals()
    {
        if (_patternLocals is null)
        {
            var locals = new Dictionary<ILocalSymbol, IPatternOperation>(SymbolEqualityComparer.Default);
            foreach (var operation in Descendants(_root))
            {
                switch (operation)
                {
                    case IDeclarationPatternOperation { DeclaredSymbol: ILocalSymbol declared } declaration:
                        locals[declared] = declaration;
                        break;
                    case IRecursivePatternOperation { DeclaredSymbol: ILocalSymbol declared } recursive:
                        locals[declared] = recursive;
                        break;
                }
            }

            _patternLocals = locals;
        }

        return _patternLocals;
    }

    private static IEnumerable<IOperation> Descendants(IOperation root)
    {
        yield return root;
        foreach (var descendant in root.Descendants())
        {
            yield return descendant;
        }
    }

    private sealed class Subject
    {
        public Subject(SocketErrorSubjectKind kind, IOperation source)
        {
            Kind = kind;
            Source = source;
        }

        public SocketErrorSubjectKind Kind { get; }

        public IOperation Source { get; }
    }
}
