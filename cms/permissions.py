"""Who may edit which pages.

Editors publish everything. A village coordinator may draft and submit the story of their own
village (and its producer profiles) only; an editor approves it through Wagtail's moderation
workflow before it goes live.
"""

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupApprovalTask, GroupPagePermission, Page, Workflow, WorkflowPage, WorkflowTask

EDITORS = "Editors"
# The workflow and its task by the name Wagtail's Chinese admin shows ("提交给编辑审核"); the sites
# set up before were given an English one, renamed here.
APPROVAL = "编辑审核"
OLD_APPROVAL_NAMES = ("Editors approve",)


def editors_group():
    group, _created = Group.objects.get_or_create(name=EDITORS)
    group.permissions.add(Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin"),
                          *Permission.objects.filter(content_type__app_label="wagtailimages",
                                                     codename__in=["add_image", "change_image", "choose_image"]))
    root = Page.get_first_root_node()
    for codename in ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"):
        GroupPagePermission.objects.get_or_create(
            group=group, page=root, permission=Permission.objects.get(codename=codename,
                                                                      content_type__app_label="wagtailcore"))
    return group


def moderation_workflow():
    """Everything submitted for moderation goes to the editors for approval."""
    task = (GroupApprovalTask.objects.filter(name__in=[APPROVAL, *OLD_APPROVAL_NAMES]).order_by("pk").first()
            or GroupApprovalTask.objects.create(name=APPROVAL))
    GroupApprovalTask.objects.filter(pk=task.pk).update(name=APPROVAL)
    task.groups.set([editors_group()])
    workflow = (Workflow.objects.filter(name__in=[APPROVAL, *OLD_APPROVAL_NAMES]).order_by("pk").first()
                or Workflow.objects.create(name=APPROVAL))
    Workflow.objects.filter(pk=workflow.pk).update(name=APPROVAL)
    # workflow_tasks is a modelcluster relation: write the row itself, or it stays in memory.
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    root = Page.get_first_root_node()
    # Replaces Wagtail's default "Moderators approval" on the whole tree.
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
    return workflow


def let_coordinator_edit(story_page, user):
    """The coordinator of the story's village may draft it and submit it, not publish it."""
    group, _created = Group.objects.get_or_create(name=f"Story editors: {story_page.village.code}")
    group.permissions.add(Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin"),
                          *Permission.objects.filter(content_type__app_label="wagtailimages",
                                                     codename__in=["add_image", "choose_image"]))
    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.get_or_create(
            group=group, page=story_page, permission=Permission.objects.get(codename=codename,
                                                                            content_type__app_label="wagtailcore"))
    user.groups.add(group)
    return group
