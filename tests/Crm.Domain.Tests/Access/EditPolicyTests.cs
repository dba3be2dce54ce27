using Crm.Domain.Access;

namespace Crm.Domain.Tests.Access;

/// <summary>
/// Who may change which field, written out from product.md and the issue (owner: the owner's manager or
/// a crm-admin; ARR: sales management or admin; health: support or admin; basic fields: the owning rep,
/// the region's manager, admin; contacts: the roles that write contacts, and admin).
/// </summary>
public sealed class EditPolicyTests
{
    private static Principal Person(string email, Role? role, string? region = null) =>
        new(email, email, null, [], role, region, null, "test");

    private static readonly Principal Ava = Person("ava@example.com", Role.SalesRep, "EMEA");
    private static readonly Principal Max = Person("max@example.com", Role.SalesManager, "EMEA");
    private static readonly Principal Sam = Person("sam@example.com", Role.SupportAgent);
    private static readonly Principal Fiona = Person("fiona@example.com", Role.FinanceAnalyst);
    private static readonly Principal Mia = Person("mia@example.com", Role.Marketing);
    private static readonly Principal Eve = Person("eve@example.com", Role.Executive);
    private static readonly Principal Root = Person("root@example.com", Role.CrmAdmin);

    public static TheoryData<string, string> ChangeableOfAcme => new()
    {
        { "ava", "Name, Domain, Industry, Segment, Region, Stage" },
        { "max", "Name, Domain, Industry, Segment, Region, Owner, Stage, Arr" },
        { "sam", "Health" },
        { "fiona", "" },
        { "mia", "" },
        { "eve", "" },
        { "root", "Name, Domain, Industry, Segment, Region, Owner, Stage, Health, Arr" },
    };

    private static Principal ByName(string name) => name switch
    {
        "ava" => Ava, "max" => Max, "sam" => Sam, "fiona" => Fiona, "mia" => Mia, "eve" => Eve, _ => Root,
    };

    [Theory]
    [MemberData(nameof(ChangeableOfAcme))]
    public void EachRole_MayChangeTheFieldsProductSays_OfACustomerOwnedByAvaInEmea(string person, string expected) =>
        Assert.Equal(expected, string.Join(", ", EditPolicy.Changeable(ByName(person), "ava@example.com", "EMEA", "C-1001")));

    [Fact]
    public void ARep_MayNotChangeACustomerSomeoneElseOwns_AndIsToldWhoMay()
    {
        var decision = EditPolicy.CanChange(Ava, CustomerField.Stage, "max@example.com", "EMEA", "C-1002");
        Assert.False(decision.Allowed);
        Assert.Contains("C-1002 is owned by max@example.com", decision.Reason);
        Assert.Contains("Allowed for: its owner (max@example.com) as sales-rep, a sales-manager of region EMEA, crm-admin.", decision.Reason);
    }

    [Theory]
    [InlineData(CustomerField.Owner)]
    [InlineData(CustomerField.Arr)]
    [InlineData(CustomerField.Industry)]
    public void AManager_ChangesOnlyCustomersOfTheirRegion(CustomerField field)
    {
        Assert.True(EditPolicy.CanChange(Max, field, "ava@example.com", "emea", "C-1001").Allowed);
        var decision = EditPolicy.CanChange(Max, field, "ava@example.com", "AMER", "C-1002");
        Assert.False(decision.Allowed);
        Assert.Contains("it is in region AMER and you manage region EMEA", decision.Reason);
        Assert.Contains("a sales-manager of region AMER", decision.Reason);
    }

    [Fact]
    public void AManagerWithoutARegion_IsToldToHaveOneMapped()
    {
        var decision = EditPolicy.CanChange(Person("dana@example.com", Role.SalesManager), CustomerField.Owner, "ava@example.com", "EMEA", "C-1001");
        Assert.False(decision.Allowed);
        Assert.Contains("no region is mapped for you", decision.Reason);
    }

    [Theory]
    [InlineData(CustomerField.Health, "health is support data", "Allowed for: support-agent, crm-admin.")]
    [InlineData(CustomerField.Arr, "ARR is changed by sales management", "Allowed for: a sales-manager of region EMEA, crm-admin.")]
    [InlineData(CustomerField.Owner, "changed by the owner's manager", "Allowed for: a sales-manager of region EMEA, crm-admin.")]
    public void TheOwningRep_MayNotChangeOwnerArrOrHealth(CustomerField field, string why, string whoMay)
    {
        var decision = EditPolicy.CanChange(Ava, field, "ava@example.com", "EMEA", "C-1001");
        Assert.False(decision.Allowed);
        Assert.Contains(why, decision.Reason);
        Assert.Contains(whoMay, decision.Reason);
    }

    [Fact]
    public void EveryDenial_NamesTheRolesThatWouldBeAllowed()
    {
        foreach (var person in new[] { Ava, Max, Sam, Fiona, Mia, Eve })
        foreach (var field in Enum.GetValues<CustomerField>())
        {
            var decision = EditPolicy.CanChange(person, field, "ava@example.com", "EMEA", "C-1001");
            if (!decision.Allowed) Assert.Contains("Allowed for:", decision.Reason);
        }
    }

    [Fact]
    public void SomeoneWithoutARole_MayChangeNothing() =>
        Assert.Empty(EditPolicy.Changeable(Person("x@example.com", null), "x@example.com", "EMEA", "C-1001"));

    [Theory]
    [InlineData(Role.SalesRep, true)]
    [InlineData(Role.SalesManager, true)]
    [InlineData(Role.SupportAgent, true)]
    [InlineData(Role.CrmAdmin, true)]
    [InlineData(Role.FinanceAnalyst, false)]
    [InlineData(Role.Marketing, false)]
    [InlineData(Role.Executive, false)]
    public void ContactFields_AreForTheRolesThatWriteContacts_AndAdmins(Role role, bool allowed)
    {
        foreach (var field in Enum.GetValues<ContactField>())
        {
            var decision = EditPolicy.CanChange(Person("p@example.com", role), field);
            Assert.Equal(allowed, decision.Allowed);
            if (!allowed) Assert.Contains("Allowed for: sales-rep, sales-manager, support-agent, crm-admin.", decision.Reason);
        }
    }

    [Theory]
    [InlineData(CustomerField.Owner, FieldClass.Basic)]
    [InlineData(CustomerField.Stage, FieldClass.Basic)]
    [InlineData(CustomerField.Name, FieldClass.Basic)]
    [InlineData(CustomerField.Domain, FieldClass.Basic)]
    [InlineData(CustomerField.Industry, FieldClass.Basic)]
    [InlineData(CustomerField.Segment, FieldClass.Basic)]
    [InlineData(CustomerField.Region, FieldClass.Basic)]
    [InlineData(CustomerField.Arr, FieldClass.Commercial)]
    [InlineData(CustomerField.Health, FieldClass.Support)]
    public void EachField_HasTheClassProductSays(CustomerField field, FieldClass fieldClass) =>
        Assert.Equal(fieldClass, EditPolicy.ClassOf(field));

    [Fact]
    public void EveryFieldAllowed_IsOfAClassTheRoleReads()
    {
        foreach (var person in new[] { Ava, Max, Sam, Root })
        foreach (var field in EditPolicy.Changeable(person, "ava@example.com", "EMEA", "C-1001"))
            Assert.True(person.Reads.CanRead(EditPolicy.ClassOf(field)), $"{person.Email} may change {field} but not read it");
    }
}
