using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers.Model;

/// <summary>What holds the SocketError a check tests.</summary>
public enum SocketErrorSubjectKind
{
    /// <summary><c>SocketException.SocketErrorCode</c>, of the exception itself or of an inner one.</summary>
    Exception,

    /// <summary><c>SocketAsyncEventArgs.SocketError</c>: the result of an asynchronous operation.</summary>
    AsyncEventArgs,

    /// <summary>A <c>SocketError</c> parameter (a helper such as <c>IsIgnorable(SocketError code)</c>).</summary>
    CodeParameter,
}

/// <summary>The syntactic form of a check; a fix rewrites each form differently.</summary>
public enum SocketErrorCheckForm
{
    /// <summary><c>x == SocketError.A</c> or <c>x != SocketError.A</c> (either operand order).</summary>
    Comparison,

    /// <summary><c>x.Equals(SocketError.A)</c>.</summary>
    EqualsCall,

    /// <summary><c>x is SocketError.A</c>, <c>x is A or B</c>, <c>x is not A</c>.</summary>
    IsPattern,

    /// <summary><c>{ SocketErrorCode: A }</c> in a property pattern.</summary>
    PropertySubpattern,

    /// <summary><c>case SocketError.A:</c> (or a pattern label) of a <c>switch</c> statement.</summary>
    CaseLabel,

    /// <summary>The pattern of a switch expression arm.</summary>
    SwitchArm,
}

/// <summary>A SocketError member named by a check, and the constant operation that names it.</summary>
public readonly struct NamedSocketError
{
    public NamedSocketError(string name, IOperation constant)
    {
        Name = name;
        Constant = constant;
    }

    /// <summary>The member name, e.g. "ConnectionReset".</summary>
    public string Name { get; }

    public IOperation Constant { get; }
}

/// <summary>
/// One place where code tests which SocketError something holds: a comparison, an <c>Equals</c> call, an
/// <c>is</c> pattern, a property subpattern, a case label or a switch arm. Checks by native number or message text
/// are not among them (they read <c>ErrorCode</c>/<c>Message</c>, not a SocketError).
/// </summary>
public sealed class SocketErrorCheck
{
    internal SocketErrorCheck(
        IOperation operation,
        SyntaxNode syntax,
        SocketErrorCheckForm form,
        SocketErrorSubjectKind subjectKind,
        IOperation source,
        ISymbol? root,
        ImmutableArray<NamedSocketError> names,
        bool negated)
    {
        Operation = operation;
        Syntax = syntax;
        Form = form;
        SubjectKind = subjectKind;
        Source = source;
        Root = root;
        Names = names;
        Negated = negated;
    }

    /// <summary>The comparison, invocation, is-pattern, subpattern, case clause or arm pattern.</summary>
    public IOperation Operation { get; }

    /// <summary>Where a rule reports the check: the comparison, pattern, subpattern or case label.</summary>
    public SyntaxNode Syntax { get; }

    public SocketErrorCheckForm Form { get; }

    public SocketErrorSubjectKind SubjectKind { get; }

    /// <summary>The exception, SocketAsyncEventArgs or SocketError parameter whose code is tested (as written, before roots are followed).</summary>
    public IOperation Source { get; }

    /// <summary>
    /// The variable the source comes from: a catch variable, a parameter, a local or a member, followed through
    /// <c>InnerException</c>, <c>GetBaseException()</c>, casts, <c>as</c>, single-assignment locals and pattern
    /// variables (<c>e is SocketException se</c>). Null when it cannot be told.
    /// </summary>
    public ISymbol? Root { get; }

    /// <summary>The SocketError members the check names (whatever its polarity).</summary>
    public ImmutableArray<NamedSocketError> Names { get; }

    /// <summary><c>!=</c> or <c>is not</c>: the check is true for every other code.</summary>
    public bool Negated { get; }

    public bool NamesAny(string name)
    {
        foreach (var named in Names)
        {
            if (named.Name == name)
            {
                return true;
            }
        }

        return false;
    }
}

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
                    operation = ConditionalAccessReceiver(conditionalInstance);
                    continue;
                case IConditionalAccessOperation conditionalAccess:
                    operation = conditionalAccess.WhenNotNull;
                    continue;
                case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.PatternInput } patternInput:
                    operation = PatternInputOfInstance(patternInput);
                    continue;
                case ILocalReferenceOperation local:
                    if (LocalValues().TryGetValue(local.Local, out var value))
                    {
                        // A copy of another variable is that variable; a local made here (`var args = new ...`) is its own root.
                        return RootOf(value, steps + 1) ?? local.Local;
                    }

                    if (PatternLocals().TryGetValue(local.Local, out var pattern))
                    {
                        operation = PatternInput(pattern);
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

    /// <summary>What a pattern is matched against: the value of <c>is</c>/<c>switch</c>, or the member of an enclosing property pattern.</summary>
    public static IOperation? PatternInput(IPatternOperation pattern)
    {
        IOperation child = pattern;
        for (var parent = pattern.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            switch (parent)
            {
                case IBinaryPatternOperation or INegatedPatternOperation:
                    continue;
                case IIsPatternOperation isPattern:
                    return isPattern.Value;
                case IPropertySubpatternOperation subpattern:
                    return subpattern.Member;
                case ISwitchExpressionArmOperation { Parent: ISwitchExpressionOperation switchExpression }:
                    return switchExpression.Value;
                case IPatternCaseClauseOperation { Parent: ISwitchCaseOperation { Parent: ISwitchOperation switchOperation } }:
                    return switchOperation.Value;
                default:
                    return null;
            }
        }

        return null;
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
                    return new Subject(kind, instance is IConditionalAccessInstanceOperation conditional ? ConditionalAccessReceiver(conditional) ?? instance : instance);
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

    /// <summary>The receiver of <c>x?.SocketErrorCode</c> is x.</summary>
    private static IOperation? ConditionalAccessReceiver(IConditionalAccessInstanceOperation instance)
    {
        IOperation child = instance;
        for (var parent = instance.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            if (parent is IConditionalAccessOperation conditionalAccess && conditionalAccess.Operation != child)
            {
                return conditionalAccess.Operation;
            }
        }

        return null;
    }

    /// <summary>The input of the recursive pattern whose property subpattern reads from <paramref name="instance"/>.</summary>
    private static IOperation? PatternInputOfInstance(IInstanceReferenceOperation instance)
    {
        for (var parent = instance.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is IRecursivePatternOperation recursive)
            {
                return PatternInput(recursive);
            }
        }

        return null;
    }

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
