/* eslint-disable */
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = T | null | undefined;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A date string, such as 2007-12-03, compliant with the `full-date` format outlined in section 5.6 of the RFC 3339 profile of the ISO 8601 standard for representation of dates and times using the Gregorian calendar. */
  Date: { input: string; output: string; }
  /** A date-time string at UTC, such as 2007-12-03T10:15:30Z, compliant with the `date-time` format outlined in section 5.6 of the RFC 3339 profile of the ISO 8601 standard for representation of dates and times using the Gregorian calendar.This scalar is serialized to a string in ISO 8601 format and parsed from a string in ISO 8601 format. */
  DateTimeISO: { input: string; output: string; }
};

/** One event of a batch: exactly one of its fields. */
export type ActivityEventInput = {
  assessment?: InputMaybe<AssessmentInput>;
  courseView?: InputMaybe<CourseViewInput>;
  interest?: InputMaybe<InterestInput>;
};

/** An assessment the user took. */
export type Assessment = {
  score: Scalars['Int']['output'];
  tag: Scalars['String']['output'];
  takenAt: Scalars['DateTimeISO']['output'];
};

/** A stored assessment. */
export type AssessmentEvent = {
  handle: Scalars['Int']['output'];
  score: Scalars['Int']['output'];
  tag: Scalars['String']['output'];
  takenAt: Scalars['DateTimeISO']['output'];
};

/** An assessment the user took. */
export type AssessmentInput = {
  /** A positive integer handle; a new handle becomes a new user. */
  handle: Scalars['Int']['input'];
  score: Scalars['Int']['input'];
  tag: Scalars['String']['input'];
  /** YYYY-MM-DD or YYYY-MM-DD HH:MM:SS, UTC. */
  takenAt: Scalars['String']['input'];
};

/** A day on which the user watched a course (a day can hold two views of one course, one per author). */
export type CourseView = {
  /** The author this view names: one of the course's authors. */
  author: Scalars['Int']['output'];
  /** The course's authors, ascending: every author its views name (most courses have one, a play-by-play two). */
  courseAuthors: Array<Scalars['Int']['output']>;
  courseId: Scalars['String']['output'];
  /** Beginner, Intermediate or Advanced. */
  level: Maybe<Scalars['String']['output']>;
  /** Seconds watched that day. */
  seconds: Scalars['Int']['output'];
  /** The course's tags, as its author wrote them. */
  tags: Array<Scalars['String']['output']>;
  /** The day watched (UTC). */
  viewedOn: Scalars['Date']['output'];
};

export type CourseViewConnection = {
  edges: Array<CourseViewEdge>;
  pageInfo: PageInfo;
  /** How many nodes the whole connection has, across every page. */
  totalCount: Scalars['Int']['output'];
};

export type CourseViewEdge = {
  /** Opaque; pass as `after` to start after this edge. */
  cursor: Scalars['String']['output'];
  node: CourseView;
};

/** A stored course view. */
export type CourseViewEvent = {
  authorHandle: Scalars['Int']['output'];
  courseId: Scalars['String']['output'];
  handle: Scalars['Int']['output'];
  /** Beginner, Intermediate or Advanced. */
  level: Scalars['String']['output'];
  seconds: Scalars['Int']['output'];
  /** The day watched (UTC). */
  viewedOn: Scalars['Date']['output'];
};

/** A day's viewing of a course; an unknown course is allowed, as in the seed. */
export type CourseViewInput = {
  /** The course's author this view names. */
  authorHandle: Scalars['Int']['input'];
  courseId: Scalars['String']['input'];
  /** A positive integer handle; a new handle becomes a new user. */
  handle: Scalars['Int']['input'];
  /** Beginner, Intermediate or Advanced, in any case. */
  level: Scalars['String']['input'];
  /** Seconds watched that day. */
  seconds: Scalars['Int']['input'];
  /** YYYY-MM-DD, UTC. */
  viewedOn: Scalars['String']['input'];
};

/** A tag the user follows, and when they followed it. */
export type Interest = {
  followedAt: Scalars['DateTimeISO']['output'];
  tag: Scalars['String']['output'];
};

/** A stored follow. */
export type InterestEvent = {
  followedAt: Scalars['DateTimeISO']['output'];
  handle: Scalars['Int']['output'];
  tag: Scalars['String']['output'];
};

/** A follow: the user started following a tag. */
export type InterestInput = {
  /** YYYY-MM-DD or YYYY-MM-DD HH:MM:SS, UTC. */
  followedAt: Scalars['String']['input'];
  /** A positive integer handle; a new handle becomes a new user. */
  handle: Scalars['Int']['input'];
  tag: Scalars['String']['input'];
};

export type Mutation = {
  /** Records a batch of events, all or nothing, in order. BAD_USER_INPUT (argumentName: events, with eventIndex and field) stores none of them. */
  recordActivity: RecordedActivity;
  /** Records an assessment. BAD_USER_INPUT (argumentName: the field) stores nothing. */
  recordAssessment: RecordedActivity;
  /** Records a day's viewing of a course. BAD_USER_INPUT (argumentName: the field) stores nothing. */
  recordCourseView: RecordedActivity;
  /** Records a follow. BAD_USER_INPUT (argumentName: the field) stores nothing. */
  recordInterest: RecordedActivity;
};


export type MutationRecordActivityArgs = {
  events: Array<ActivityEventInput>;
};


export type MutationRecordAssessmentArgs = {
  handle: Scalars['Int']['input'];
  score: Scalars['Int']['input'];
  tag: Scalars['String']['input'];
  takenAt: Scalars['String']['input'];
};


export type MutationRecordCourseViewArgs = {
  authorHandle: Scalars['Int']['input'];
  courseId: Scalars['String']['input'];
  handle: Scalars['Int']['input'];
  level: Scalars['String']['input'];
  seconds: Scalars['Int']['input'];
  viewedOn: Scalars['String']['input'];
};


export type MutationRecordInterestArgs = {
  followedAt: Scalars['String']['input'];
  handle: Scalars['Int']['input'];
  tag: Scalars['String']['input'];
};

/** An object with a globally unique id, to fetch again with `node(id)` and to key client caches by. */
export type Node = {
  /** Globally unique and opaque; the same object always has the same id. */
  id: Scalars['ID']['output'];
};

/** Relay-style paging state of a connection. */
export type PageInfo = {
  /** Pass as `after` for the next page. */
  endCursor: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
  /** True when the page was asked for with `after`. */
  hasPreviousPage: Scalars['Boolean']['output'];
  startCursor: Maybe<Scalars['String']['output']>;
};

export type Query = {
  /** The object with this global id; null when there is none. */
  node: Maybe<Node>;
  /** The run being served; null before any completes. */
  rankingRun: Maybe<RankingRun>;
  /** The history of runs, newest first, whatever their status. */
  rankingRuns: Array<RankingRun>;
  /** The nearest neighbours of a user in the served ranking run. */
  similarUsers: Array<SimilarUser>;
  /** A user by handle; null when there is no such user. */
  user: Maybe<User>;
  /** Every user, by ascending handle. */
  users: UserConnection;
};


export type QueryNodeArgs = {
  id: Scalars['ID']['input'];
};


export type QueryRankingRunsArgs = {
  first?: Scalars['Int']['input'];
  name?: InputMaybe<Scalars['String']['input']>;
};


export type QuerySimilarUsersArgs = {
  handle: Scalars['ID']['input'];
  limit?: Scalars['Int']['input'];
};


export type QueryUserArgs = {
  handle: Scalars['ID']['input'];
};


export type QueryUsersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** What produced a ranking run. */
export type RankingParameters = {
  /** Whether tag weights were multiplied by an inverse document frequency. */
  idf: Scalars['Boolean']['output'];
  /** K: neighbours kept per user, and the largest `limit` similarUsers accepts. */
  top: Scalars['Int']['output'];
  weights: SourceWeights;
  workers: Scalars['Int']['output'];
};

/** One execution of `npm run rank`. */
export type RankingRun = {
  /** Seconds since finishedAt, when finished. */
  ageSeconds: Maybe<Scalars['Float']['output']>;
  computeMs: Maybe<Scalars['Int']['output']>;
  engineVersion: Scalars['Int']['output'];
  /** Why a failed run failed. */
  error: Maybe<Scalars['String']['output']>;
  finishedAt: Maybe<Scalars['DateTimeISO']['output']>;
  id: Scalars['Int']['output'];
  loadMs: Maybe<Scalars['Int']['output']>;
  /** exact (every pair sharing a tag scored) or approximate (NN-Descent: every listed score exact, a few neighbours missed). */
  method: Scalars['String']['output'];
  /** The ranking name (RESULTS_TABLE), default user_ranking. */
  name: Scalars['String']['output'];
  /** Null when the stored JSON is unreadable. */
  parameters: Maybe<RankingParameters>;
  /** An approximate run's recall; null for an exact run, whose lists are complete. */
  recall: Maybe<RunRecall>;
  /** Neighbour rows stored. */
  rowCount: Scalars['Int']['output'];
  startedAt: Scalars['DateTimeISO']['output'];
  /** running, complete or failed. */
  status: Scalars['String']['output'];
  /** Users ranked. */
  userCount: Scalars['Int']['output'];
  writeMs: Maybe<Scalars['Int']['output']>;
};

/** What a committed batch stored, and the served run it updated. */
export type RecordedActivity = {
  /** Users whose neighbour list in the served run changed (similarUsersChanged fires for each). */
  changed: Array<Scalars['Int']['output']>;
  /** Events that repeated a stored row exactly: collapsed, as the seed does (stored once). */
  duplicates: Scalars['Int']['output'];
  /** The events as stored, in the batch's order. */
  events: Array<RecordedEvent>;
  /** The time of the last event the served run has absorbed (null before its first, or when no run is served). */
  lastEventAt: Maybe<Scalars['DateTimeISO']['output']>;
  /** The served run's revision after the batch (events it has absorbed); null when no run is served yet (the events are stored all the same). */
  revision: Maybe<Scalars['Int']['output']>;
  /** The served run's id; null when no run is served. */
  runId: Maybe<Scalars['Int']['output']>;
};

/** One stored event: exactly one of its fields is set. */
export type RecordedEvent = {
  assessment: Maybe<AssessmentEvent>;
  courseView: Maybe<CourseViewEvent>;
  interest: Maybe<InterestEvent>;
};

/** How complete an approximate run's lists are. */
export type RunRecall = {
  /** Share of a user's exact top 5 found in the run's top 5 (ties at the 5th score count), averaged over the sample. */
  at5: Scalars['Float']['output'];
  /** The same for the top 20. */
  at20: Scalars['Float']['output'];
  /** Users sampled at random (seeded) and ranked exactly to measure it. */
  sample: Scalars['Int']['output'];
};

/** A tag both users have in one source, with each one's weight. */
export type SharedTag = {
  /** The weight for the neighbour. */
  neighbourWeight: Scalars['Float']['output'];
  tag: Scalars['String']['output'];
  /** The weight for the user whose neighbours were asked for. */
  userWeight: Scalars['Float']['output'];
};

/** The tags two users share in one source. */
export type SharedTags = {
  source: Source;
  /** Heaviest first: by the smaller of the two weights (what the tag adds to the Jaccard numerator), then the larger, then by tag. */
  tags: Array<SharedTag>;
};

/** One of a user's nearest neighbours in the served ranking run. */
export type SimilarUser = {
  /** 1 is the most similar. */
  rank: Scalars['Int']['output'];
  /** The combined score in [0, 1]: the run's weighted mean of the sources. */
  score: Scalars['Float']['output'];
  /** Per source, the tags both users have: why they match. */
  sharedTags: Array<SharedTags>;
  /** The weighted Jaccard of each source (J), null where undefined. */
  sources: SourceScores;
  /** The neighbour. */
  user: User;
};


/** One of a user's nearest neighbours in the served ranking run. */
export type SimilarUserSharedTagsArgs = {
  source?: InputMaybe<Source>;
};

/** A user's neighbour list changed in the served run. */
export type SimilarUsersChange = {
  handle: Scalars['Int']['output'];
  /** The served run's revision that changed it. */
  revision: Scalars['Int']['output'];
  /** The list as similarUsers(handle, limit) answers right after the change was committed. */
  similarUsers: Array<SimilarUser>;
};

/** Where a user's tags come from. */
export type Source =
  /** Tags the user was assessed on; weight best score / 100. */
  | 'assessments'
  /** Tags of the courses the user watched; weight ln(1 + minutes watched). */
  | 'courses'
  /** Tags the user follows; weight 1 each. */
  | 'interests';

/** The weighted Jaccard similarity of two users in each source, in [0, 1]. */
export type SourceScores = {
  /** Null when neither user took an assessment. */
  assessments: Maybe<Scalars['Float']['output']>;
  /** Null when neither user watched a tagged course. */
  courses: Maybe<Scalars['Float']['output']>;
  /** Null when neither user follows any tag. */
  interests: Maybe<Scalars['Float']['output']>;
};

/** The weight α of each source in the combined score. */
export type SourceWeights = {
  assessments: Scalars['Float']['output'];
  courses: Scalars['Float']['output'];
  interests: Scalars['Float']['output'];
};

export type Subscription = {
  /** Fires after each committed batch of events that changed the user's neighbour list in the served run, with the new list (over graphql-ws at /graphql). */
  similarUsersChanged: SimilarUsersChange;
};


export type SubscriptionSimilarUsersChangedArgs = {
  handle: Scalars['Int']['input'];
  limit?: Scalars['Int']['input'];
};

/** A learner, known by an anonymous positive integer handle. */
export type User = Node & {
  /** Assessments taken, oldest first. */
  assessments: Array<Assessment>;
  /** Course views, oldest first. */
  courseViews: CourseViewConnection;
  handle: Scalars['ID']['output'];
  /** The global id (Node); `handle` is the platform's own key. */
  id: Scalars['ID']['output'];
  /** Followed tags, oldest first. */
  interests: Array<Interest>;
  /** The user's nearest neighbours in the served run. */
  similarUsers: Array<SimilarUser>;
  /** The weighted tag set the served run's engine used, per source, heaviest first. */
  tags: Array<WeightedTag>;
};


/** A learner, known by an anonymous positive integer handle. */
export type UserCourseViewsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** A learner, known by an anonymous positive integer handle. */
export type UserSimilarUsersArgs = {
  limit?: Scalars['Int']['input'];
};


/** A learner, known by an anonymous positive integer handle. */
export type UserTagsArgs = {
  source?: InputMaybe<Source>;
};

export type UserConnection = {
  edges: Array<UserEdge>;
  pageInfo: PageInfo;
  /** How many nodes the whole connection has, across every page. */
  totalCount: Scalars['Int']['output'];
};

export type UserEdge = {
  /** Opaque; pass as `after` to start after this edge. */
  cursor: Scalars['String']['output'];
  node: User;
};

/** A tag in a user's weighted tag set. */
export type WeightedTag = {
  source: Source;
  tag: Scalars['String']['output'];
  /** Greater than 0; see Source for each source's formula. */
  weight: Scalars['Float']['output'];
};

export type ExploreQueryVariables = Exact<{
  handle: Scalars['ID']['input'];
}>;


export type ExploreQuery = { user: (
    { handle: string, similarUsers: Array<(
      { rank: number }
      & { ' $fragmentRefs'?: { 'NeighbourCardFragment': NeighbourCardFragment } }
    )> }
    & { ' $fragmentRefs'?: { 'UserTagsFragment': UserTagsFragment } }
  ) | null };

export type NeighbourCardFragment = { rank: number, score: number, user: { handle: string }, sources: { interests: number | null, courses: number | null, assessments: number | null }, sharedTags: Array<{ source: Source, tags: Array<{ tag: string }> }> } & { ' $fragmentName'?: 'NeighbourCardFragment' };

export type NeighboursChangedSubscriptionVariables = Exact<{
  handle: Scalars['Int']['input'];
}>;


export type NeighboursChangedSubscription = { similarUsersChanged: { revision: number, similarUsers: Array<(
      { rank: number }
      & { ' $fragmentRefs'?: { 'NeighbourCardFragment': NeighbourCardFragment } }
    )> } };

export type UserTagsFragment = { interests: Array<{ tag: string, weight: number }>, courses: Array<{ tag: string, weight: number }>, assessments: Array<{ tag: string, weight: number }> } & { ' $fragmentName'?: 'UserTagsFragment' };

export type FirstUserQueryVariables = Exact<{ [key: string]: never; }>;


export type FirstUserQuery = { users: { edges: Array<{ node: { handle: string } }> } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const NeighbourCardFragmentDoc = new TypedDocumentString(`
    fragment NeighbourCard on SimilarUser {
  rank
  score
  user {
    handle
  }
  sources {
    interests
    courses
    assessments
  }
  sharedTags {
    source
    tags {
      tag
    }
  }
}
    `, {"fragmentName":"NeighbourCard"}) as unknown as TypedDocumentString<NeighbourCardFragment, unknown>;
export const UserTagsFragmentDoc = new TypedDocumentString(`
    fragment UserTags on User {
  interests: tags(source: interests) {
    tag
    weight
  }
  courses: tags(source: courses) {
    tag
    weight
  }
  assessments: tags(source: assessments) {
    tag
    weight
  }
}
    `, {"fragmentName":"UserTags"}) as unknown as TypedDocumentString<UserTagsFragment, unknown>;
export const ExploreDocument = new TypedDocumentString(`
    query Explore($handle: ID!) {
  user(handle: $handle) {
    handle
    ...UserTags
    similarUsers(limit: 5) {
      rank
      ...NeighbourCard
    }
  }
}
    fragment NeighbourCard on SimilarUser {
  rank
  score
  user {
    handle
  }
  sources {
    interests
    courses
    assessments
  }
  sharedTags {
    source
    tags {
      tag
    }
  }
}
fragment UserTags on User {
  interests: tags(source: interests) {
    tag
    weight
  }
  courses: tags(source: courses) {
    tag
    weight
  }
  assessments: tags(source: assessments) {
    tag
    weight
  }
}`) as unknown as TypedDocumentString<ExploreQuery, ExploreQueryVariables>;
export const NeighboursChangedDocument = new TypedDocumentString(`
    subscription NeighboursChanged($handle: Int!) {
  similarUsersChanged(handle: $handle, limit: 5) {
    revision
    similarUsers {
      rank
      ...NeighbourCard
    }
  }
}
    fragment NeighbourCard on SimilarUser {
  rank
  score
  user {
    handle
  }
  sources {
    interests
    courses
    assessments
  }
  sharedTags {
    source
    tags {
      tag
    }
  }
}`) as unknown as TypedDocumentString<NeighboursChangedSubscription, NeighboursChangedSubscriptionVariables>;
export const FirstUserDocument = new TypedDocumentString(`
    query FirstUser {
  users(first: 1) {
    edges {
      node {
        handle
      }
    }
  }
}
    `) as unknown as TypedDocumentString<FirstUserQuery, FirstUserQueryVariables>;