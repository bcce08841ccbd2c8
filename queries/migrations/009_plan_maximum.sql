-- The most a plan indicator can possibly reach (最大值), e.g. the number of projects there are to
-- start: a year-end projection at the current pace never goes beyond it. Null where none applies.
alter table plan_items add column maximum double;
